import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatsSampler, type SampledContainer, type SamplerSource } from './sampler.ts';
import { containerHistory, statsSnapshot, TOP_BY_EACH } from './snapshot.ts';

/**
 * The sampler on a fake host: a temporary folder laid out like /proc and a cgroup v2 tree, built
 * from the kernel-format fixtures, whose counters the test moves forward between sweeps.
 */
const FIX = new URL('./fixtures/', import.meta.url);
const id = (n: number): string => String(n).padStart(4, '0') + 'f'.repeat(60);

let root: string;
let containers: SampledContainer[];
let apiCalls: string[];

function layContainer(n: number, pid: number): void {
  const dir = join(root, 'sys/docker', id(n));
  mkdirSync(dir, { recursive: true });
  for (const f of ['cpu.stat', 'memory.current', 'memory.max', 'memory.stat', 'io.stat', 'pids.current'])
    cpSync(new URL(`cgroup-v2/${f}`, FIX), join(dir, f));
  mkdirSync(join(root, `proc/${pid}/net`), { recursive: true });
  writeFileSync(join(root, `proc/${pid}/cgroup`), `0::/docker/${id(n)}\n`);
  cpSync(new URL('proc/net-dev', FIX), join(root, `proc/${pid}/net/dev`));
}

function setCpuUsec(n: number, usec: number): void {
  const p = join(root, 'sys/docker', id(n), 'cpu.stat');
  writeFileSync(p, readFileSync(p, 'latin1').replace(/^usage_usec \d+/m, `usage_usec ${usec}`));
}

const source: SamplerSource = {
  containers: () => containers,
  pid: (cid) => Promise.resolve(100 + Number(cid.slice(0, 4))),
  apiStats: (cid) => {
    apiCalls.push(cid);
    return Promise.resolve({ cpu_stats: { cpu_usage: { total_usage: 1e9 * apiCalls.length } }, memory_stats: { usage: 42 } });
  },
  hostInfo: () => Promise.resolve({ cpus: 4, memTotal: 1e10 }),
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'phedds-sampler-'));
  mkdirSync(join(root, 'proc/self'), { recursive: true });
  writeFileSync(join(root, 'proc/self/mountinfo'), `26 22 0:23 / ${root}/sys rw - cgroup2 cgroup2 rw\n`);
  cpSync(new URL('proc/stat', FIX), join(root, 'proc/stat'));
  cpSync(new URL('proc/meminfo', FIX), join(root, 'proc/meminfo'));
  containers = [];
  apiCalls = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Sweeps until every listed container is being read (finding a cgroup takes an inspect). */
async function settle(s: StatsSampler): Promise<void> {
  await s.sweep();
  await new Promise((r) => setTimeout(r, 10));
}

describe('StatsSampler on cgroup files', () => {
  it('reads every container in one sweep and turns counter pairs into rates', async () => {
    layContainer(1, 101);
    layContainer(2, 102);
    containers = [
      { id: id(1), startedAt: 1, hostNetwork: false },
      { id: id(2), startedAt: 1, hostNetwork: true },
    ];
    const s = new StatsSampler(source, { local: true, mode: 'cgroup', procRoot: join(root, 'proc') });
    await settle(s);
    const first = await s.sweep();
    expect(Object.keys(first.c).sort()).toEqual([id(1), id(2)]);
    expect(first.source).toBe('cgroup');
    // mem = memory.current − inactive_file of the fixture; limit = memory.max.
    expect(first.c[id(1)]!.slice(1, 4)).toEqual([157_286_400 - 41_943_040, 536_870_912, 50_331_648]);
    // Host network: no net figures (they would be the host's).
    expect(first.c[id(2)]![4]).toBeNull();
    setCpuUsec(1, 8_342_156 + 500_000); // half a CPU-second more
    await new Promise((r) => setTimeout(r, 100));
    const second = await s.sweep();
    const cpu = second.c[id(1)]![0]!;
    // 0.5 s of CPU over ~100 ms of wall clock: about 500 %; the bounds only guard the arithmetic.
    expect(cpu).toBeGreaterThan(100);
    expect(cpu).toBeLessThan(600);
    expect(second.c[id(2)]![0]).toBe(0);
    expect(second.host.cpu).toBe(null); // /proc/stat did not move in the fake host
    expect(second.host.mem).toBeGreaterThan(0);
    s.stop();
  });

  it('keeps history, and drops a container that is gone from the stream and, once removed, from history', async () => {
    layContainer(1, 101);
    containers = [{ id: id(1), startedAt: 1, hostNetwork: false }];
    const s = new StatsSampler(source, { local: true, mode: 'cgroup', procRoot: join(root, 'proc'), historySeconds: 5 });
    await settle(s);
    for (let i = 0; i < 7; i++) await s.sweep();
    expect(s.history.length).toBe(5);
    expect(containerHistory(s, id(1), 900).series.mem.every((v) => v === 157_286_400 - 41_943_040)).toBe(true);
    containers = []; // stopped
    const d = await s.sweep();
    expect(d.c).toEqual({});
    expect(containerHistory(s, id(1), 900).series.mem.slice(-1)).toEqual([null]);
    // Not live any more, but its past is still in a new viewer's snapshot.
    expect(statsSnapshot(s).containers[id(1)]?.last).toBeNull();
    expect(statsSnapshot(s).containers[id(1)]?.mem.filter((v) => v !== null).length).toBe(4);
    s.forget(id(1)); // removed
    expect(s.history.has(id(1))).toBe(false);
    s.stop();
  });

  it('treats a restart as a fresh cgroup: no rate across it', async () => {
    layContainer(1, 101);
    containers = [{ id: id(1), startedAt: 1, hostNetwork: false }];
    const s = new StatsSampler(source, { local: true, mode: 'cgroup', procRoot: join(root, 'proc') });
    await settle(s);
    await s.sweep();
    containers = [{ id: id(1), startedAt: 2, hostNetwork: false }];
    setCpuUsec(1, 10);
    await settle(s); // found again under its new start
    const after = await s.sweep();
    expect(after.c[id(1)]![0]).toBeNull(); // first reading of the new cgroup
    expect((await s.sweep()).c[id(1)]![0]).toBe(0);
    s.stop();
  });

  it('asks the engine API for containers whose files it cannot find (auto mode)', async () => {
    containers = [{ id: id(3), startedAt: 1, hostNetwork: false }]; // no cgroup laid out
    const s = new StatsSampler(source, { local: true, mode: 'auto', procRoot: join(root, 'proc') });
    for (let i = 0; i < 4; i++) await settle(s);
    const d = await s.sweep();
    expect(d.source).toBe('api');
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(d.c[id(3)]![1]).toBe(42);
    expect(d.c[id(3)]![0]).toBeGreaterThan(0); // 1e9 ns more per call
    s.stop();
  });

  it('always asks the API for a remote engine, with bounded concurrency', async () => {
    containers = Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`.padEnd(64, 'x'), startedAt: 1, hostNetwork: false }));
    let inFlight = 0;
    let peak = 0;
    const slow: SamplerSource = {
      ...source,
      apiStats: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return { memory_stats: { usage: 1 } };
      },
    };
    const s = new StatsSampler(slow, { local: false, mode: 'cgroup', apiConcurrency: 4 });
    await settle(s);
    const d = await s.sweep();
    expect(Object.keys(d.c)).toHaveLength(20);
    expect(peak).toBe(4);
    s.stop();
  });

  it('bounds the snapshot: the whole window for top containers, one minute for the others', async () => {
    for (let n = 1; n <= 20; n++) layContainer(n, 100 + n);
    containers = Array.from({ length: 20 }, (_, i) => ({ id: id(i + 1), startedAt: 1, hostNetwork: false }));
    const s = new StatsSampler(source, { local: true, mode: 'cgroup', procRoot: join(root, 'proc'), intervalMs: 1000 });
    await settle(s);
    for (let i = 0; i < 70; i++) {
      setCpuUsec(20, 8_342_156 + i * 1_000_000); // the last one burns CPU
      await s.sweep();
    }
    const snap = statsSnapshot(s);
    expect(snap.times).toHaveLength(71);
    expect(snap.containers[id(20)]!.cpu).toHaveLength(71); // a top one: everything
    const lengths = Object.values(snap.containers).map((c) => c.cpu.length);
    expect(lengths).toHaveLength(20);
    expect(lengths.every((l) => l === 60 || l === 71)).toBe(true);
    expect(lengths.filter((l) => l === 60).length).toBeGreaterThanOrEqual(20 - 2 * TOP_BY_EACH);
    expect(snap.total.cpu).toHaveLength(71);
    s.stop();
  });
});
