import type { ResourceDelta, VolumeView } from '@phedds/shared';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AttachmentInspect } from './attachments.ts';
import type { DockerClient } from './client.ts';
import type { EngineImageSummary } from './image-mapper.ts';
import type { EngineNetwork } from './network-mapper.ts';
import { EngineObjects } from './objects.ts';
import type { EngineVolume } from './volume-mapper.ts';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
const notFound = (): Promise<never> => Promise.reject(Object.assign(new Error('no such object'), { statusCode: 404 }));

/** The few dockerode calls EngineObjects makes, answered from recorded engine JSON. */
function recordedDocker() {
  const networks = new Map(fixture<EngineNetwork[]>('networks-list.json').map((n) => [n.Id, n]));
  const volumes = new Map(fixture<{ Volumes: EngineVolume[] }>('volumes-list.json').Volumes.map((v) => [v.Name, v]));
  const images = fixture<EngineImageSummary[]>('images-list.json');
  const calls: string[] = [];
  const docker = {
    listNetworks: () => (calls.push('listNetworks'), Promise.resolve([...networks.values()])),
    getNetwork: (id: string) => ({
      inspect: () => (calls.push(`network ${id}`), networks.has(id) ? Promise.resolve(networks.get(id)) : notFound()),
    }),
    listVolumes: () => (calls.push('listVolumes'), Promise.resolve({ Volumes: [...volumes.values()] })),
    getVolume: (name: string) => ({
      inspect: () => (calls.push(`volume ${name}`), volumes.has(name) ? Promise.resolve(volumes.get(name)) : notFound()),
    }),
    listImages: () => (calls.push('listImages'), Promise.resolve(images)),
    getImage: () => ({ inspect: notFound }),
  };
  return { docker: docker as unknown as DockerClient, networks, volumes, calls };
}

const inspect = (name: string): AttachmentInspect & { Id: string } => fixture(name);

describe('EngineObjects', () => {
  it('lists networks, volumes and images, with users and links from the container inspects', async () => {
    const { docker } = recordedDocker();
    const objects = new EngineObjects(docker);
    await objects.reconcile();
    expect(
      objects.networks
        .list()
        .map((n) => n.name)
        .sort(),
    ).toEqual(['bridge', 'fixnet-internal', 'fixproj_back', 'host', 'none']);
    expect(objects.images.list()).toHaveLength(2);
    expect(objects.volumes.get('fixvol')?.usedBy).toEqual([]);

    const web = inspect('inspect-attach-web.json');
    const legacy = inspect('inspect-attach-legacy.json');
    const deltas: ResourceDelta<VolumeView>[] = [];
    objects.volumes.subscribe((d) => deltas.push(d));
    objects.observeContainer(web.Id, web);
    objects.observeContainer(legacy.Id, legacy);
    expect(objects.volumes.get('fixvol')?.usedBy).toEqual([{ container: web.Id, destination: '/cache', readOnly: true }]);
    expect(deltas.flatMap((d) => d.upsert.map((v) => v.name))).toContain('fixvol');
    const byName = (name: string) => objects.networks.list().find((n) => n.name === name);
    expect(byName('fixproj_back')?.links).toEqual([{ container: web.Id, target: 'fx-db', alias: 'database' }]);
    expect(byName('bridge')?.links).toEqual([{ container: legacy.Id, target: 'fx-cache', alias: 'cache' }]);

    // The container is destroyed: the event alone frees its volumes and drops its links.
    objects.onEvent({ Type: 'container', Action: 'destroy', Actor: { ID: web.Id } });
    expect(objects.volumes.get('fixvol')?.usedBy).toEqual([]);
    expect(byName('fixproj_back')?.links).toEqual([]);
  });

  it('applies network and volume events with their cause, and reconciles after a prune', async () => {
    const { docker, networks, volumes, calls } = recordedDocker();
    const objects = new EngineObjects(docker);
    await objects.reconcile();
    const causes: unknown[] = [];
    objects.networks.subscribe((d) => causes.push(d.cause));

    const id = 'f'.repeat(64);
    networks.set(id, { ...networks.values().next().value!, Id: id, Name: 'late-net', Labels: {} });
    objects.onEvent({ Type: 'network', Action: 'create', Actor: { ID: id }, timeNano: 1.7e18 });
    await objects.networks.idle();
    expect(objects.networks.get(id)?.name).toBe('late-net');
    expect(causes.at(-1)).toEqual({ action: 'create', id, time: 1.7e12 });

    objects.onEvent({ Type: 'network', Action: 'destroy', Actor: { ID: id } });
    expect(objects.networks.get(id)).toBeUndefined();

    // Docker 20.10 prunes volumes without a destroy event each: only the prune says so.
    volumes.delete('fixvol');
    const lists = calls.filter((c) => c === 'listVolumes').length;
    objects.onEvent({ Type: 'volume', Action: 'prune', Actor: { ID: '' } });
    await new Promise((r) => setTimeout(r, 0));
    await objects.volumes.idle();
    expect(calls.filter((c) => c === 'listVolumes').length).toBe(lists + 1);
    expect(objects.volumes.get('fixvol')).toBeUndefined();

    // Mounts happen at every start: they cost no engine call.
    const before = calls.length;
    objects.onEvent({ Type: 'volume', Action: 'mount', Actor: { ID: 'fixproj_data', Attributes: { container: 'x' } } });
    expect(calls.length).toBe(before);
  });
});
