import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from './backoff.ts';
import { reattachStep } from './terminal-reattach.ts';

const noJitter = (): number => 0;

describe('reattachStep', () => {
  it('never retries what the server explained or what this side closed', () => {
    expect(reattachStep({ kind: 'final' }, undefined, 0)).toEqual({ do: 'stop' });
    expect(reattachStep({ kind: 'closed-by-client' }, 'listed', 3)).toEqual({ do: 'stop' });
  });

  it('asks whether the session still exists before retrying a drop', () => {
    expect(reattachStep({ kind: 'dropped' }, undefined, 0)).toEqual({ do: 'check' });
  });

  it('gives up in words once the server no longer lists the session (a refused upgrade looks like a drop)', () => {
    expect(reattachStep({ kind: 'dropped' }, 'missing', 0)).toEqual({ do: 'gone' });
  });

  it('retries with growing, capped delays while the session is listed or the server is unreachable', () => {
    const delays = [0, 1, 2, 3, 4, 5, 9].map((f) => reattachStep({ kind: 'dropped' }, 'listed', f, noJitter));
    expect(delays.map((s) => (s.do === 'retry' ? s.delayMs : -1))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    const unknown = reattachStep({ kind: 'dropped' }, 'unknown', 0, () => 1);
    expect(unknown).toEqual({ do: 'retry', delayMs: Math.round(DEFAULT_BACKOFF.initialMs * (1 - DEFAULT_BACKOFF.jitter)) });
  });
});
