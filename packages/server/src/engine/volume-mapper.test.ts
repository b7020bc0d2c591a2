import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toVolumeView, type EngineVolume } from './volume-mapper.ts';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;

describe('toVolumeView on recorded engine JSON', () => {
  const { Volumes } = fixture<{ Volumes: EngineVolume[] }>('volumes-list.json');
  const views = Volumes.map((v) => toVolumeView(v));

  it('maps named, compose and anonymous volumes', () => {
    const data = views.find((v) => v.name === 'fixproj_data')!;
    expect(data).toMatchObject({ driver: 'local', scope: 'local', anonymous: false, compose: { project: 'fixproj', service: 'data' } });
    expect(data.mountpoint).toMatch(/\/volumes\/fixproj_data\/_data$/);
    expect(data.createdAt).toBe(Date.parse('2026-11-28T01:18:00Z'));
    const anon = views.find((v) => v.anonymous)!;
    expect(anon.name).toMatch(/^[0-9a-f]{64}$/);
    expect(anon.labels).toEqual({});
    expect(views.find((v) => v.name === 'fixvol')?.compose).toBeUndefined();
  });

  it('takes its users from outside, and an inspect answer maps like the list entry', () => {
    const use = { container: 'c1', destination: '/data', readOnly: false };
    const inspected = toVolumeView(fixture<EngineVolume>('volume-inspect.json'), [use]);
    expect(inspected).toEqual({ ...views.find((v) => v.name === 'fixproj_data'), usedBy: [use] });
  });
});
