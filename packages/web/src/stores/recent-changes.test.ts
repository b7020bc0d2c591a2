import type { ContainerView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { containerChanged, diffRecent, pruneRecent, RECENT_MS } from './recent-changes.ts';

const c = (id: string, state: ContainerView['state'], health: ContainerView['health'] = 'none'): ContainerView =>
  ({ id, name: id, state, health, status: '' }) as ContainerView;
const map = (...cs: ContainerView[]): Map<string, ContainerView> => new Map(cs.map((x) => [x.id, x]));

describe('recent changes', () => {
  it('takes the first snapshot as the starting point, not as news', () => {
    const recent = diffRecent(new Map(), undefined, map(c('a', 'running')), 1000, containerChanged);
    expect(recent.size).toBe(0);
  });

  it('stamps containers that appeared or changed state or health, not those whose status text moved', () => {
    const before = map(c('a', 'running'), c('b', 'running'), c('h', 'running', 'starting'));
    const after = map({ ...c('a', 'running'), status: 'Up 2 minutes' }, c('b', 'exited'), c('h', 'running', 'healthy'), c('n', 'created'));
    const recent = diffRecent(new Map(), before, after, 5000, containerChanged);
    expect([...recent]).toEqual([
      ['b', 5000],
      ['h', 5000],
      ['n', 5000],
    ]);
  });

  it('forgets removed objects and old changes, and compares other objects by content', () => {
    const prev = new Map([['net1', { id: 'net1', containers: [] as string[] }]]);
    const same = new Map([['net1', { id: 'net1', containers: [] as string[] }]]);
    expect(diffRecent(new Map(), prev, same, 10).size).toBe(0);
    const joined = new Map([['net1', { id: 'net1', containers: ['a'] }]]);
    expect([...diffRecent(new Map(), prev, joined, 10)]).toEqual([['net1', 10]]);
    const recent = new Map([
      ['gone', 1000],
      ['old', 1000],
      ['fresh', 9000],
    ]);
    const next = new Map([
      ['old', 1],
      ['fresh', 1],
    ]);
    expect([...diffRecent(recent, next, next, 1000 + RECENT_MS)]).toEqual([['fresh', 9000]]);
    expect([...pruneRecent(recent, 1000 + RECENT_MS)]).toEqual([['fresh', 9000]]);
    expect(pruneRecent(recent, 2000)).toBe(recent);
  });
});
