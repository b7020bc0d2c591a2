import { describe, expect, it } from 'vitest';
import type { ContainerView } from '../dto/container.ts';
import { applyContainerDelta, containersFromSnapshot } from './apply.ts';

const c = (id: string, state: ContainerView['state'] = 'running'): ContainerView => ({
  id,
  name: id,
  image: 'busybox:local',
  imageId: 'sha256:1',
  command: 'sh',
  state,
  status: 'Up',
  health: 'none',
  createdAt: 0,
  ports: [],
  networks: [],
  labels: {},
  autoRemove: false,
});

describe('applyContainerDelta', () => {
  it('upserts and removes without touching the previous map', () => {
    const prev = containersFromSnapshot([c('a'), c('b')]);
    const next = applyContainerDelta(prev, { upsert: [c('b', 'exited'), c('c')], remove: ['a'] });
    expect([...next.keys()].sort()).toEqual(['b', 'c']);
    expect(next.get('b')?.state).toBe('exited');
    expect(prev.get('b')?.state).toBe('running');
    expect(prev.has('a')).toBe(true);
  });
  it('ignores removal of unknown ids', () => {
    expect(applyContainerDelta(containersFromSnapshot([c('a')]), { upsert: [], remove: ['zz'] }).size).toBe(1);
  });
});
