import { hostCpuPercent, hostMemInUse, type HostCpuTimes, type HostInfo, type HostSample } from '@phedds/shared';
import { closeSync, openSync } from 'node:fs';
import { readAt0 } from './counter-files.ts';
import { parseMeminfo, parseProcStat } from './counter-parse.ts';

/** The host's CPU and memory from `/proc/stat` and `/proc/meminfo`, kept open between sweeps. */
export class HostReader {
  private prev: HostCpuTimes | undefined;

  private constructor(
    private readonly statFd: number,
    private readonly memFd: number,
    readonly info: HostInfo,
  ) {}

  /** Opens the host's files; undefined when they cannot be read (then the engine says the size). */
  static open(procRoot = '/proc'): HostReader | undefined {
    let statFd: number | undefined;
    try {
      statFd = openSync(`${procRoot}/stat`, 'r');
      const memFd = openSync(`${procRoot}/meminfo`, 'r');
      const stat = parseProcStat(readAt0(statFd));
      const mem = parseMeminfo(readAt0(memFd));
      if (!stat || mem.total === undefined) {
        closeSync(memFd);
        throw new Error('unreadable');
      }
      return new HostReader(statFd, memFd, { cpus: Math.max(1, stat.cpus), memTotal: mem.total });
    } catch {
      if (statFd !== undefined) closeSync(statFd);
      return undefined;
    }
  }

  read(): HostSample {
    try {
      const stat = parseProcStat(readAt0(this.statFd));
      const mem = parseMeminfo(readAt0(this.memFd));
      const cpu = hostCpuPercent(this.prev, stat, this.info.cpus);
      this.prev = stat;
      return { cpu, mem: hostMemInUse(mem.total, mem.available) };
    } catch {
      return { cpu: null, mem: null };
    }
  }

  close(): void {
    closeSync(this.statFd);
    closeSync(this.memFd);
  }
}
