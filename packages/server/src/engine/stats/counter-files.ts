import type { RawCounters } from '@phedds/shared';
import { closeSync, openSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CgroupDirs } from './cgroup-paths.ts';
import { countersV1, countersV2, type V1Texts, type V2Texts } from './counter-parse.ts';

/**
 * One container's counter files, kept open between sweeps: a sweep is then one `pread` per file
 * (no path lookup, no open/close), which costs well under half the CPU of reading the same files by
 * path (bench:stats prints both; figures in docs/resources.md). cgroup and /proc files regenerate their content on every read from offset 0.
 */

interface OpenFile {
  name: string;
  fd: number;
}

const V1_FILES: [controller: 'cpuacct' | 'memory' | 'blkio' | 'pids', file: keyof V1Texts][] = [
  ['cpuacct', 'cpuacct.usage'],
  ['memory', 'memory.usage_in_bytes'],
  ['memory', 'memory.limit_in_bytes'],
  ['memory', 'memory.stat'],
  ['blkio', 'blkio.throttle.io_service_bytes_recursive'],
  ['pids', 'pids.current'],
];

const V2_FILES: (keyof V2Texts)[] = ['cpu.stat', 'memory.current', 'memory.max', 'memory.stat', 'io.stat', 'pids.current'];

/** Shared by every reader of the process: sweeps are synchronous, so one buffer serves them all. */
const buffer = Buffer.allocUnsafe(64 * 1024);

function tryOpen(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch {
    return undefined;
  }
}

/** Reads a whole small file through an open descriptor, from offset 0. Throws when it is gone. */
export function readAt0(fd: number): string {
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  return buffer.toString('latin1', 0, n);
}

export class CounterFiles {
  private constructor(
    private readonly version: 1 | 2,
    private readonly files: OpenFile[],
    private readonly netFd: number | undefined,
  ) {}

  /**
   * Opens what exists of a container's files. Throws when not even its CPU counter can be opened
   * (the caller then asks the engine's API). `netDev`: the `/proc/<pid>/net/dev` to read, or
   * undefined when the container shares the host's network (its counters would be the host's).
   */
  static open(dirs: CgroupDirs, netDev: string | undefined): CounterFiles {
    const files: OpenFile[] = [];
    const add = (name: string, path: string): void => {
      const fd = tryOpen(path);
      if (fd !== undefined) files.push({ name, fd });
    };
    if (dirs.version === 1) {
      for (const [controller, file] of V1_FILES) {
        const dir = dirs[controller];
        if (dir !== undefined) add(file, `${dir}/${file}`);
      }
    } else {
      for (const file of V2_FILES) add(file, `${dirs.dir}/${file}`);
    }
    const cpuFile = dirs.version === 1 ? 'cpuacct.usage' : 'cpu.stat';
    if (!files.some((f) => f.name === cpuFile)) {
      for (const f of files) closeSync(f.fd);
      throw new Error(`cannot open ${cpuFile} of ${dirs.version === 1 ? dirs.cpuacct : dirs.dir}`);
    }
    const netFd = netDev !== undefined ? tryOpen(netDev) : undefined;
    return new CounterFiles(dirs.version, files, netFd);
  }

  /** Number of open descriptors (for diagnostics and tests). */
  get openFiles(): number {
    return this.files.length + (this.netFd !== undefined ? 1 : 0);
  }

  /** Reads every counter now. Throws when the cgroup is gone (the container stopped). */
  read(): RawCounters {
    const texts: Record<string, string> = {};
    const at = performance.now();
    for (const f of this.files) texts[f.name] = readAt0(f.fd);
    let net: string | undefined;
    if (this.netFd !== undefined) {
      try {
        net = readAt0(this.netFd);
      } catch {
        net = undefined; // the namespace went away with the process: the cgroup read decides
      }
    }
    return this.version === 1 ? countersV1(at, texts, net) : countersV2(at, texts, net);
  }

  close(): void {
    for (const f of this.files) {
      try {
        closeSync(f.fd);
      } catch {
        // already closed: nothing to release
      }
    }
    this.files.length = 0;
    if (this.netFd !== undefined) {
      try {
        closeSync(this.netFd);
      } catch {
        // as above
      }
    }
  }
}
