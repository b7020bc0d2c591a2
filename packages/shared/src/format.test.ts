import { describe, expect, it } from 'vitest';
import { actionsFor } from './dto/container.ts';
import { formatDuration, shortId } from './format.ts';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59_999, '59s'],
    [60_000, '1m 00s'],
    [3_599_000, '59m 59s'],
    [3_600_000, '1h 00m'],
    [86_400_000 + 3 * 3_600_000, '1d 3h'],
    [-5, '–'],
    [Number.NaN, '–'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('shortId and actionsFor', () => {
  it('shortens like the CLI', () => expect(shortId('0123456789abcdef0123')).toBe('0123456789ab'));
  it('offers only actions that make sense', () => {
    expect(actionsFor('running')).toEqual(['stop', 'restart', 'pause', 'kill']);
    expect(actionsFor('paused')).toEqual(['unpause', 'kill']);
    expect(actionsFor('exited')).toEqual(['start']);
    expect(actionsFor('removing')).toEqual([]);
  });
});
