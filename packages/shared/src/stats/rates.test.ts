import { describe, expect, it } from 'vitest';
import type { RawCounters } from '../dto/stats.ts';
import {
  computeSample,
  counterRate,
  cpuPercent,
  effectiveLimit,
  fromTuple,
  hostCpuPercent,
  hostMemInUse,
  memInUse,
  toTuple,
} from './rates.ts';

describe('counterRate', () => {
  it('turns a pair of readings into a per-second rate', () => {
    expect(counterRate(1000, 3000, 1000)).toBe(2000);
    expect(counterRate(1000, 3000, 500)).toBe(4000);
    expect(counterRate(5, 5, 1000)).toBe(0);
  });

  it('gives null when the counter went backwards (a restart starts a fresh cgroup at zero)', () => {
    expect(counterRate(9_000_000, 1_200, 1000)).toBeNull();
  });

  it('gives null for a missing reading or a clock that did not advance', () => {
    expect(counterRate(undefined, 10, 1000)).toBeNull();
    expect(counterRate(10, undefined, 1000)).toBeNull();
    expect(counterRate(null, 10, 1000)).toBeNull();
    expect(counterRate(10, Number.NaN, 1000)).toBeNull();
    expect(counterRate(10, 20, 0)).toBeNull();
    expect(counterRate(10, 20, -5)).toBeNull();
  });
});

describe('cpuPercent', () => {
  it('is percent of one core, like docker stats', () => {
    // One core busy for one second: 1e9 ns of CPU in 1000 ms.
    expect(cpuPercent(0, 1e9, 1000)).toBeCloseTo(100, 10);
    // Two cores busy for half a second.
    expect(cpuPercent(5e9, 6e9, 500)).toBeCloseTo(200, 10);
    expect(cpuPercent(1e9, 1.25e9, 1000)).toBeCloseTo(25, 10);
  });

  it('handles a reset and a missing reading', () => {
    expect(cpuPercent(5e9, 1e6, 1000)).toBeNull();
    expect(cpuPercent(undefined, 1e6, 1000)).toBeNull();
  });
});

describe('memory', () => {
  it('subtracts the inactive page cache from the usage, as docker stats does', () => {
    // Recorded on this engine: usage 54476800, total_inactive_file 20480; docker stats said 51.93MiB.
    expect(memInUse(54_476_800, 20_480)).toBe(54_456_320);
    expect((memInUse(54_476_800, 20_480) ?? 0) / 2 ** 20).toBeCloseTo(51.93, 2);
  });

  it('keeps the usage when the inactive cache is unknown or not smaller', () => {
    expect(memInUse(1000, undefined)).toBe(1000);
    expect(memInUse(1000, 1000)).toBe(1000);
    expect(memInUse(undefined, 10)).toBeNull();
  });

  it("shows the host's memory as the limit of an unlimited container", () => {
    const host = 25_276_063_744;
    expect(effectiveLimit(9_223_372_036_854_771_712, host)).toBe(host); // cgroup v1 "unlimited"
    expect(effectiveLimit(undefined, host)).toBe(host); // cgroup v2 "max"
    expect(effectiveLimit(512 * 2 ** 20, host)).toBe(512 * 2 ** 20);
    expect(effectiveLimit(512, undefined)).toBe(512);
    expect(effectiveLimit(undefined, undefined)).toBeNull();
  });
});

describe('computeSample', () => {
  const first: RawCounters = {
    at: 10_000,
    cpuNs: 2e9,
    memUsage: 10_000,
    memInactiveFile: 1_000,
    memCache: 4_000,
    memLimit: 2 ** 62,
    netRx: 100,
    netTx: 50,
    blkRead: 0,
    blkWrite: 4096,
    pids: 3,
  };

  it('has levels but no rates on a first reading', () => {
    expect(computeSample(undefined, first, 1e9)).toEqual({
      cpu: null,
      mem: 9_000,
      memLimit: 1e9,
      memCache: 4_000,
      netRx: null,
      netTx: null,
      blkRead: null,
      blkWrite: null,
      pids: 3,
    });
  });

  it('computes every rate from a pair', () => {
    const next: RawCounters = { ...first, at: 12_000, cpuNs: 3e9, netRx: 2_100, netTx: 50, blkRead: 8192, blkWrite: 4096, pids: 4 };
    expect(computeSample(first, next, 1e9)).toEqual({
      cpu: 50,
      mem: 9_000,
      memLimit: 1e9,
      memCache: 4_000,
      netRx: 1000,
      netTx: 0,
      blkRead: 4096,
      blkWrite: 0,
      pids: 4,
    });
  });

  it('after a restart the rates are unknown once, then good again', () => {
    const restarted: RawCounters = { at: 11_000, cpuNs: 1e7, memUsage: 500, netRx: 0, netTx: 0, blkRead: 0, blkWrite: 0, pids: 1 };
    const s = computeSample(first, restarted, 1e9);
    expect([s.cpu, s.netRx, s.netTx, s.blkRead, s.blkWrite]).toEqual([null, null, null, null, null]);
    expect(s.mem).toBe(500);
    const later = computeSample(restarted, { ...restarted, at: 12_000, cpuNs: 1e7 + 5e8, netRx: 300 }, 1e9);
    expect(later.cpu).toBeCloseTo(50, 10);
    expect(later.netRx).toBe(300);
  });

  it('leaves fields unknown when their files could not be read', () => {
    const s = computeSample({ at: 0, cpuNs: 0 }, { at: 1000, cpuNs: 1e8 });
    expect(s).toEqual({
      cpu: 10,
      mem: null,
      memLimit: null,
      memCache: null,
      netRx: null,
      netTx: null,
      blkRead: null,
      blkWrite: null,
      pids: null,
    });
  });
});

describe('host', () => {
  it('computes host CPU from /proc/stat totals', () => {
    expect(hostCpuPercent({ total: 1000, idle: 800 }, { total: 1200, idle: 900 }, 2)).toBe(100);
    expect(hostCpuPercent({ total: 1000, idle: 800 }, { total: 1000, idle: 800 }, 2)).toBeNull();
    expect(hostCpuPercent(undefined, { total: 1, idle: 0 }, 2)).toBeNull();
  });

  it('computes host memory from total and available', () => {
    expect(hostMemInUse(100, 30)).toBe(70);
    expect(hostMemInUse(100, 130)).toBeNull();
    expect(hostMemInUse(undefined, 1)).toBeNull();
  });
});

describe('tuples', () => {
  it('round-trips a sample, rounded for the wire', () => {
    const t = toTuple({
      cpu: 12.3456,
      mem: 1000.4,
      memLimit: 2000,
      memCache: null,
      netRx: 1.6,
      netTx: 0,
      blkRead: null,
      blkWrite: 7,
      pids: 2,
    });
    expect(t).toEqual([12.35, 1000, 2000, null, 2, 0, null, 7, 2]);
    expect(fromTuple(t)).toEqual({
      cpu: 12.35,
      mem: 1000,
      memLimit: 2000,
      memCache: null,
      netRx: 2,
      netTx: 0,
      blkRead: null,
      blkWrite: 7,
      pids: 2,
    });
  });

  it('reads a short or malformed tuple as unknown fields', () => {
    expect(fromTuple([5]).mem).toBeNull();
    expect(fromTuple([5, 'x' as unknown as number]).mem).toBeNull();
  });
});
