import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelay } from './backoff.ts';

const noJitter = (): number => 0;
const fullJitter = (): number => 0.999999;

describe('backoffDelay', () => {
  it('starts at 250 ms and doubles per attempt', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, noJitter))).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it('is capped at 5 s however many attempts failed', () => {
    expect(backoffDelay(5, noJitter)).toBe(5000);
    expect(backoffDelay(12, noJitter)).toBe(5000);
    expect(backoffDelay(5000, noJitter)).toBe(5000);
  });

  it('only ever shortens the delay, by at most the jitter fraction', () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const nominal = backoffDelay(attempt, noJitter);
      const jittered = backoffDelay(attempt, fullJitter);
      expect(jittered).toBeLessThan(nominal);
      expect(jittered).toBeGreaterThanOrEqual(Math.floor(nominal * (1 - DEFAULT_BACKOFF.jitter)));
    }
  });

  it('spreads delays with the random source', () => {
    const delays = new Set([0, 0.2, 0.4, 0.6, 0.8].map((r) => backoffDelay(6, () => r)));
    expect(delays.size).toBe(5);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(3750);
      expect(d).toBeLessThanOrEqual(5000);
    }
  });

  it('treats negative or nonsense attempts as the first one', () => {
    expect(backoffDelay(-3, noJitter)).toBe(250);
    expect(backoffDelay(Number.NaN, noJitter)).toBe(250);
  });

  it('honours custom options', () => {
    const opts = { initialMs: 100, maxMs: 1000, jitter: 0 };
    expect(backoffDelay(0, fullJitter, opts)).toBe(100);
    expect(backoffDelay(3, fullJitter, opts)).toBe(800);
    expect(backoffDelay(4, fullJitter, opts)).toBe(1000);
  });
});
