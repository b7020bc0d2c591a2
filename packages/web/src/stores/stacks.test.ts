import type { DeployProgress, StackView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { reduceStacksDelta, reduceStacksSnapshot } from './stacks.ts';

const stack = (name: string): StackView => ({ name, target: 'engine', state: 'running', services: [] });
const deploy = (name: string, state: DeployProgress['state'], n: number): DeployProgress => ({
  stack: name,
  kind: 'deploy',
  startedAt: 1,
  state,
  events: Array.from({ length: n }, (_, i) => ({ time: i, step: 'create', status: 'done', message: `step ${i}` })),
});

describe('stacks store', () => {
  it('keeps the list of a delta without one, and replaces one deploy by stack name', () => {
    let s = reduceStacksSnapshot({ stacks: [stack('a')], deploys: [deploy('a', 'succeeded', 2), deploy('b', 'running', 1)] });
    expect(s.loaded).toBe(true);
    s = reduceStacksDelta(s, { deploy: deploy('b', 'running', 3) });
    expect(s.stacks.map((x) => x.name)).toEqual(['a']);
    expect(s.deploys.get('b')?.events).toHaveLength(3);
    expect(s.deploys.get('a')?.state).toBe('succeeded');
    s = reduceStacksDelta(s, { stacks: [stack('a'), stack('b')] });
    expect(s.stacks.map((x) => x.name)).toEqual(['a', 'b']);
    expect(s.deploys.get('b')?.events).toHaveLength(3);
  });
});
