import type { LogTuple } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { LogBuffer } from './log-buffer.ts';

const lines = (from: number, to: number, prefix = ''): LogTuple[] => {
  const out: LogTuple[] = [];
  for (let t = from; t <= to; t++) out.push([t, 0, `${prefix}${t}`]);
  return out;
};
const texts = (b: LogBuffer): string[] => b.entries().map((e) => (e.gap ? `gap:${e.gap.dropped}` : e.plain));

describe('LogBuffer', () => {
  it('merges containers by time, also a history that reaches back', () => {
    const b = new LogBuffer(100);
    b.add('a', [
      [10, 0, 'a10'],
      [30, 0, 'a30'],
    ]);
    b.add('b', [
      [5, 1, 'b5'],
      [20, 0, 'b20'],
      [40, 0, 'b40'],
    ]);
    b.add('a', [[35, 0, 'a35']]);
    expect(texts(b)).toEqual(['b5', 'a10', 'b20', 'a30', 'a35', 'b40']);
  });

  it('stays within capacity, dropping the oldest and counting them', () => {
    const b = new LogBuffer(1000);
    for (let i = 0; i < 50; i++) b.add('a', lines(i * 100, i * 100 + 99));
    expect(b.size).toBe(1000);
    expect(b.evicted).toBe(4000);
    expect(b.entries()[0]!.t).toBe(4000);
    expect(b.received).toBe(5000);
  });

  it('puts a gap marker where the lines were dropped, and counts them', () => {
    const b = new LogBuffer(10);
    b.add('a', lines(1, 2));
    b.add('a', lines(9, 9));
    b.addGap('a', 8, 120, 'rate');
    expect(texts(b)).toEqual(['1', '2', 'gap:120', '9']);
    expect(b.dropped).toBe(120);
  });

  it('does not repeat lines when a container is followed again after a reconnect', () => {
    const b = new LogBuffer(100);
    b.add('a', lines(1, 5));
    b.resume('a');
    b.add('a', lines(1, 7)); // the server sends its history again
    expect(texts(b)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    b.add('a', [[6.5, 1, 'late stderr']]); // after the resume, order is the engine's
    expect(texts(b)).toContain('late stderr');
  });

  it('forgets a container no longer followed, and strips escapes for search', () => {
    const b = new LogBuffer(100);
    b.add('a', [[1, 0, '\u001b[31mred\u001b[0m']]);
    b.add('b', lines(2, 3));
    b.removeContainer('b');
    expect(b.entries().map((e) => [e.text, e.plain])).toEqual([['\u001b[31mred\u001b[0m', 'red']]);
  });
});
