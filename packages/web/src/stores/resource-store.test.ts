import { resourceKey, type VolumeView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { reduceResourceDelta, reduceResourceSnapshot } from './resource-store.ts';

const vol = (name: string, usedBy: VolumeView['usedBy'] = []): VolumeView => ({
  name,
  driver: 'local',
  scope: 'local',
  mountpoint: `/var/lib/docker/volumes/${name}/_data`,
  createdAt: 0,
  labels: {},
  anonymous: false,
  usedBy,
});

describe('resource store reducers', () => {
  it('replaces everything on a snapshot, then applies deltas by key without touching the previous state', () => {
    const s0 = reduceResourceSnapshot([vol('a'), vol('b')], resourceKey.volume);
    expect(s0.loaded).toBe(true);
    const used = vol('a', [{ container: 'c1', destination: '/d', readOnly: false }]);
    const s1 = reduceResourceDelta(s0, { upsert: [used, vol('c')], remove: ['b'] }, resourceKey.volume);
    expect([...s1.byKey.keys()].sort()).toEqual(['a', 'c']);
    expect(s1.byKey.get('a')?.usedBy).toHaveLength(1);
    expect(s0.byKey.get('a')?.usedBy).toHaveLength(0);
    expect(s0.byKey.has('b')).toBe(true);
  });
});
