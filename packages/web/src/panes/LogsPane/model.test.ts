import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../stores/log-buffer.ts';
import { downloadText, makeMatcher, visibleRows } from './model.ts';

const entry = (plain: string, extra: Partial<LogEntry> = {}): LogEntry => ({
  seq: 1,
  id: 'c1',
  t: 0,
  stream: 0,
  text: plain,
  plain,
  ...extra,
});

describe('log search', () => {
  it('matches text ignoring case and marks every hit', () => {
    const m = makeMatcher('err', false);
    expect(m.ranges('an Error, another error')).toEqual([
      [3, 6],
      [18, 21],
    ]);
    expect(m.ranges('fine')).toBeUndefined();
  });

  it('takes special characters literally in text mode, as a pattern in regex mode', () => {
    expect(makeMatcher('a.c', false).ranges('abc')).toBeUndefined();
    expect(makeMatcher('a.c', true).ranges('abc')).toEqual([[0, 3]]);
    expect(makeMatcher('web-[12]', true).ranges('from web-2')).toEqual([[5, 10]]);
  });

  it('says why a regex is invalid, and then filters nothing', () => {
    const m = makeMatcher('(unclosed', true);
    expect(m.error).toMatch(/unterminated|group/i);
    expect(m.active).toBe(false);
  });

  it('does not loop on patterns that match empty strings', () => {
    expect(makeMatcher('x*', true).ranges('abc')).toEqual([]);
    expect(makeMatcher('b*', true).ranges('abbc')).toEqual([[1, 3]]);
  });

  it('keeps gap markers visible while filtering', () => {
    const rows = [entry('one'), entry('', { gap: { dropped: 3, reason: 'rate' } }), entry('two')];
    expect(visibleRows(rows, makeMatcher('two', false))).toEqual([1, 2]);
    expect(visibleRows(rows, makeMatcher('', false))).toEqual([0, 1, 2]);
  });
});

describe('download', () => {
  it('writes one line per row with time, container and stream', () => {
    const text = downloadText(
      [entry('hello', { t: Date.UTC(2025, 0, 1) }), entry('oops', { t: Date.UTC(2025, 0, 1, 0, 0, 1), stream: 1, cut: 9 })],
      () => 'web-1',
    );
    expect(text).toBe('2025-01-01T00:00:00.000Z web-1 stdout hello\n2025-01-01T00:00:01.000Z web-1 stderr oops [+9 bytes cut]\n');
  });
});
