import type { StatsDelta, StatsSnapshot, StatTuple } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { emptyStats, mergeHistory, reduceStatsDelta, reduceStatsSnapshot, StatsHistoryRings } from './stats.ts';

const tuple = (cpu: number | null, mem: number | null): StatTuple => [cpu, mem, 1000, 0, 0, 0, 0, 0, 1];

function snapshot(times: number[], containers: StatsSnapshot['containers'], historySeconds = 900): StatsSnapshot {
  return {
    intervalMs: 1000,
    historySeconds,
    recentSeconds: 60,
    source: 'cgroup',
    hostInfo: { cpus: 2, memTotal: 8e9 },
    times,
    host: { cpu: times.map(() => 50), mem: times.map(() => 1e9) },
    total: { cpu: times.map(() => 10), mem: times.map(() => 100) },
    containers,
  };
}

const delta = (t: number, c: Record<string, StatTuple>): StatsDelta => ({ t, host: { cpu: 20, mem: 2e9 }, c, source: 'cgroup' });

describe('stats store reducers', () => {
  it('lays a snapshot out in rings: short histories aligned to the end', () => {
    const s = reduceStatsSnapshot(
      emptyStats(),
      snapshot([1000, 2000, 3000], {
        a: { last: tuple(7, 70), cpu: [5, 7], mem: [50, 70] },
        gone: { last: null, cpu: [1, null, null], mem: [9, null, null] },
      }),
    );
    expect([...s.latest.keys()]).toEqual(['a']); // `gone` is history only
    expect(s.rings.value('gone', 'mem', 1)).toBe(9);
    expect(s.loaded).toBe(true);
    expect(s.rings.length).toBe(3);
    expect(s.rings.value('a', 'cpu', 1)).toBeNaN(); // before its history starts
    expect(s.rings.value('a', 'cpu', 2)).toBe(5);
    expect(s.rings.value('a', 'cpu', 3)).toBe(7);
    expect(s.rings.value('a', 'memLimit', 3)).toBe(1000); // from `last`
    expect(s.latest.get('a')?.mem).toBe(70);
    expect(s.host).toEqual({ cpu: 50, mem: 1e9 });
  });

  it('appends deltas; a container absent from a delta leaves the live set but keeps its past', () => {
    let s = reduceStatsSnapshot(emptyStats(), snapshot([1000], { a: { last: tuple(1, 10), cpu: [1], mem: [10] } }));
    s = reduceStatsDelta(s, delta(2000, { a: tuple(2, 20), b: tuple(null, 5) }));
    expect([...s.latest.keys()]).toEqual(['a', 'b']);
    expect(s.rings.value('b', 'cpu', 2)).toBeNaN(); // first reading: no rate yet
    expect(s.rings.totalCpu[2 % s.rings.capacity]).toBe(2);
    s = reduceStatsDelta(s, delta(3000, { b: tuple(4, 5) }));
    expect([...s.latest.keys()]).toEqual(['b']);
    expect(s.rings.value('a', 'cpu', 2)).toBe(2);
    expect(s.rings.value('a', 'cpu', 3)).toBeNaN();
    expect(s.at).toBe(3000);
  });

  it('forgets what falls out of the window', () => {
    let s = reduceStatsSnapshot(emptyStats(), snapshot([], {}, 3));
    s = reduceStatsDelta(s, delta(1000, { a: tuple(1, 1) }));
    for (let t = 2000; t <= 5000; t += 1000) s = reduceStatsDelta(s, delta(t, { b: tuple(1, 1) }));
    expect(s.rings.containers.has('a')).toBe(false);
    expect(s.rings.containers.has('b')).toBe(true);
    expect(s.rings.length).toBe(3);
  });

  it('merges a full REST history by sweep time, ignoring sweeps it does not know', () => {
    const s0 = reduceStatsSnapshot(emptyStats(), snapshot([1000, 2000, 3000], { a: { last: tuple(3, 30), cpu: [3], mem: [30] } }));
    const s1 = mergeHistory(s0, {
      id: 'a',
      intervalMs: 1000,
      sampling: true,
      source: 'cgroup',
      times: [500, 1000, 2000],
      series: {
        cpu: [9, 1, 2],
        mem: [9, 10, 20],
        memLimit: [1, 1, 1],
        memCache: [0, 0, 0],
        netRx: [0, 5, 6],
        netTx: [0, 0, 0],
        blkRead: [0, 0, 0],
        blkWrite: [0, 0, 0],
        pids: [1, 1, 1],
      },
    });
    expect(s1.version).toBe(s0.version + 1);
    expect([1, 2, 3].map((q) => s1.rings.value('a', 'cpu', q))).toEqual([1, 2, 3]);
    expect(s1.rings.value('a', 'netRx', 2)).toBe(6);
  });
});

describe('StatsHistoryRings', () => {
  it('marks sweeps a container missed as unknown, not as what the slot held a lap ago', () => {
    const r = new StatsHistoryRings(4);
    for (let i = 1; i <= 4; i++) {
      r.push(i * 1000, { cpu: 0, mem: 0 }, 0, 0);
      r.set('a', i, { cpu: i });
    }
    for (let i = 5; i <= 7; i++) r.push(i * 1000, { cpu: 0, mem: 0 }, 0, 0);
    r.set('a', 7, { cpu: 70 });
    expect([4, 5, 6, 7].map((s) => r.value('a', 'cpu', s))).toEqual([4, Number.NaN, Number.NaN, 70]); // slots 5 and 6 held sweeps 1 and 2
    expect(r.seqAt(6000)).toBe(6);
    expect(r.seqAt(1000)).toBeUndefined();
  });
});
