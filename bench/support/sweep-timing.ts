import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  parseMountinfo,
  parseProcCgroup,
  resolveCgroupDirs,
  type CgroupDirs,
} from '../../packages/server/src/engine/stats/cgroup-paths.ts';
import { countersV1, countersV2 } from '../../packages/server/src/engine/stats/counter-parse.ts';
import { StatsSampler } from '../../packages/server/src/engine/stats/sampler.ts';
import { percentile } from './stats.ts';

export interface SweepTiming {
  /** CPU ms (user + system) of one sweep of the sampler (descriptors kept open), median. */
  keptOpenMs: number;
  /** CPU ms of reading and parsing the same files by path (open, read, close each one), median. */
  byPathMs: number;
  containers: number;
}

/** CPU time of this process, ms: robust to other tenants of the machine, unlike wall time. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const V1 = [
  ['cpuacct', 'cpuacct.usage'],
  ['memory', 'memory.usage_in_bytes'],
  ['memory', 'memory.limit_in_bytes'],
  ['memory', 'memory.stat'],
  ['blkio', 'blkio.throttle.io_service_bytes_recursive'],
  ['pids', 'pids.current'],
] as const;
const V2 = ['cpu.stat', 'memory.current', 'memory.max', 'memory.stat', 'io.stat', 'pids.current'] as const;

function readByPath(dirs: CgroupDirs, pid: number): void {
  const texts: Record<string, string> = {};
  const at = performance.now();
  if (dirs.version === 1) {
    for (const [c, f] of V1) {
      const d = dirs[c];
      if (d) texts[f] = readFileSync(`${d}/${f}`, 'latin1');
    }
    countersV1(at, texts, readFileSync(`/proc/${pid}/net/dev`, 'latin1'));
  } else {
    for (const f of V2) texts[f] = readFileSync(`${dirs.dir}/${f}`, 'latin1');
    countersV2(at, texts, readFileSync(`/proc/${pid}/net/dev`, 'latin1'));
  }
}

/**
 * Times one sweep over `pids` (container id → init pid) two ways: the sampler as shipped, and
 * reading every file by path, to check that keeping descriptors open pays.
 */
export async function timeSweeps(pids: Map<string, number>, rounds = 30): Promise<SweepTiming> {
  const sampler = new StatsSampler(
    {
      containers: () => [...pids.keys()].map((id) => ({ id, startedAt: 1, hostNetwork: false })),
      pid: (id) => Promise.resolve(pids.get(id)),
      apiStats: () => Promise.reject(new Error('not used')),
      hostInfo: () => Promise.reject(new Error('not used')),
    },
    { local: true, mode: 'cgroup' },
  );
  await sampler.sweep(); // finds the cgroups
  await new Promise((r) => setTimeout(r, 500));
  await sampler.sweep();
  const kept: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = cpuMs();
    await sampler.sweep();
    kept.push(cpuMs() - t);
  }
  sampler.stop();

  const mounts = parseMountinfo(readFileSync('/proc/self/mountinfo', 'latin1'));
  const located = [...pids.values()].flatMap((pid) => {
    const dirs = resolveCgroupDirs(parseProcCgroup(readFileSync(`/proc/${pid}/cgroup`, 'latin1')), mounts);
    return dirs ? [{ dirs, pid }] : [];
  });
  const byPath: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = cpuMs();
    for (const { dirs, pid } of located) readByPath(dirs, pid);
    byPath.push(cpuMs() - t);
  }
  return { keptOpenMs: percentile(kept, 50), byPathMs: percentile(byPath, 50), containers: pids.size };
}
