import { describe, expect, it } from 'vitest';
import { container } from '../panes/ContainersPane/test-fixtures.ts';
import { reduceDelta, reduceSnapshot, type ContainersState } from './containers.ts';

const empty: ContainersState = { byId: new Map(), loaded: false, changedAt: new Map() };

describe('containers store reducers', () => {
  const a = container({ name: 'a' });
  const b = container({ name: 'b' });

  it('replaces everything on a snapshot and forgets old changes', () => {
    const before = reduceDelta(reduceSnapshot(empty, [a]), { upsert: [b], remove: [] }, 1000);
    const after = reduceSnapshot(before, [b]);
    expect([...after.byId.keys()]).toEqual([b.id]);
    expect(after.loaded).toBe(true);
    expect(after.changedAt.size).toBe(0);
  });

  it('applies a delta, records when, and which containers changed', () => {
    const s0 = reduceSnapshot(empty, [a, b]);
    const stopped = { ...a, state: 'exited' as const, exitCode: 0 };
    const s1 = reduceDelta(s0, { upsert: [stopped], remove: [b.id] }, 5000);
    expect(s1.byId.get(a.id)?.state).toBe('exited');
    expect(s1.byId.has(b.id)).toBe(false);
    expect(s1.lastDeltaAt).toBe(5000);
    expect([...s1.changedAt]).toEqual([[a.id, 5000]]);
    expect(s0.byId.get(a.id)?.state).toBe('running'); // the previous state is untouched
  });

  it('forgets changes once they are old', () => {
    const s1 = reduceDelta(reduceSnapshot(empty, [a, b]), { upsert: [a], remove: [] }, 1000);
    const s2 = reduceDelta(s1, { upsert: [b], remove: [] }, 60_000);
    expect([...s2.changedAt.keys()]).toEqual([b.id]);
  });
});
