import type { StatSample } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { StatsHistoryRings } from '../../stores/stats.ts';
import { assignColors, formatBytes, formatCpu, formatRate, sortRows, sparkPoints, stackedData, topIds, windowSeqs } from './model.ts';

const sample = (p: Partial<StatSample>): StatSample => ({
  cpu: null,
  mem: null,
  memLimit: null,
  memCache: null,
  netRx: null,
  netTx: null,
  blkRead: null,
  blkWrite: null,
  pids: null,
  ...p,
});

function rings(values: Record<string, number[]>, times?: number[]): StatsHistoryRings {
  const r = new StatsHistoryRings(900);
  const n = Math.max(...Object.values(values).map((v) => v.length));
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (const v of Object.values(values)) total += v[i] ?? 0;
    const s = r.push(times?.[i] ?? (i + 1) * 1000, { cpu: null, mem: null }, total, total);
    for (const [id, v] of Object.entries(values)) if (v[i] !== undefined) r.set(id, s, { cpu: v[i]!, mem: v[i]! });
  }
  return r;
}

describe('sorting the table', () => {
  const rows = [
    { id: '1', name: 'web', sample: sample({ cpu: 5, mem: 300, netRx: 1, netTx: 1, blkRead: 9 }) },
    { id: '2', name: 'db', sample: sample({ cpu: 50, mem: 100, netRx: 10, blkWrite: 1 }) },
    { id: '3', name: 'cache', sample: sample({ cpu: 5, mem: null }) },
  ];
  it('puts the largest first, ties by name, unknown as zero', () => {
    expect(sortRows(rows, 'cpu').map((r) => r.name)).toEqual(['db', 'cache', 'web']);
    expect(sortRows(rows, 'mem').map((r) => r.name)).toEqual(['web', 'db', 'cache']);
    expect(sortRows(rows, 'net').map((r) => r.name)).toEqual(['db', 'web', 'cache']);
    expect(sortRows(rows, 'io').map((r) => r.name)).toEqual(['web', 'db', 'cache']);
    expect(sortRows(rows, 'name').map((r) => r.name)).toEqual(['cache', 'db', 'web']);
  });
});

describe('stacked charts', () => {
  it('ranks containers by their mean over the window and adds the selected one', () => {
    const r = rings({ a: [1, 1, 1], b: [9, 9, 9], c: [0, 0, 30], d: [2, 2, 2] });
    const seqs = windowSeqs(r, 60, 1000);
    expect(topIds(r, ['a', 'b', 'c', 'd'], 'cpu', seqs, 2)).toEqual(['c', 'b']);
    expect(topIds(r, ['a', 'b', 'c', 'd'], 'cpu', seqs, 2, 'a')).toEqual(['c', 'b', 'a']);
    expect(topIds(r, ['a', 'b', 'c', 'd'], 'cpu', windowSeqs(r, 2, 1000).slice(0, 1), 1)).toEqual(['b']);
  });

  it('stacks cumulatively with the total on top, and breaks the line where sampling paused', () => {
    const r = rings({ a: [1, 2, 3], b: [10, 20, 30], c: [100, 100, 100] }, [1000, 2000, 9000]);
    const data = stackedData(r, windowSeqs(r, 900, 1000), ['b', 'a'], 'cpu', 1000);
    expect(data[0]).toEqual([1, 2, 3, 9]);
    expect(data[1]).toEqual([10, 20, null, 30]); // b
    expect(data[2]).toEqual([11, 22, null, 33]); // b + a
    expect(data[3]).toEqual([111, 122, null, 133]); // everything: c is "others"
  });
});

describe('formatting and sparklines', () => {
  it('says numbers the way docker stats does', () => {
    expect(formatBytes(54_456_320)).toBe('52 MiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatRate(2048)).toBe('2.0 KiB/s');
    expect(formatCpu(3.14159)).toBe('3.1 %');
    expect(formatCpu(142.4)).toBe('142 %');
  });

  it('draws sparklines from zero for CPU and from the minimum for memory', () => {
    expect(sparkPoints([0, 50, 100], 10, 11, { from: 'zero' })).toBe('0.0,10.5 5.0,5.5 10.0,0.5');
    expect(sparkPoints([0, 5], 10, 11, { from: 'zero', max: 10 })).toBe('0.0,10.5 10.0,5.5');
    // A steady figure sits in the middle instead of pinned to the top.
    expect(sparkPoints([100, 100], 10, 11, { from: 'min' })).toBe('0.0,5.5 10.0,5.5');
    expect(sparkPoints([Number.NaN, 1], 10, 11, { from: 'zero' })).toBe('10.0,0.5');
  });

  it('keeps colours while containers stay charted', () => {
    const p = ['red', 'green', 'blue'];
    const a = assignColors(new Map(), ['x', 'y'], p);
    expect([...a]).toEqual([
      ['x', 'red'],
      ['y', 'green'],
    ]);
    expect(assignColors(a, ['y', 'x'], p)).toBe(a);
    expect([...assignColors(a, ['y', 'z'], p)]).toEqual([
      ['y', 'green'],
      ['z', 'red'],
    ]);
  });
});
