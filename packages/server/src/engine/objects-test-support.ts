import type { ImageView, NetworkView, ServerMessage, VolumeView } from '@phedds/shared';
import { applyResourceDelta, resourceKey, resourcesFromSnapshot } from '@phedds/shared';
import WebSocket from 'ws';
import { docker, removeTestContainers, TEST_LABEL } from '../test-support/docker-cli.ts';

/** Removes every network and volume the tests made (they carry the test label), and their containers first. */
export async function removeTestObjects(): Promise<void> {
  await removeTestContainers();
  const nets = (await docker('network', 'ls', '-q', '--filter', `label=${TEST_LABEL}`)).split('\n').filter(Boolean);
  if (nets.length) await docker('network', 'rm', ...nets);
  const vols = (await docker('volume', 'ls', '-q', '--filter', `label=${TEST_LABEL}`)).split('\n').filter(Boolean);
  if (vols.length) await docker('volume', 'rm', '-f', ...vols);
}

/** `docker network ls` / `volume ls` / `images` as sets of keys: the ground truth an inventory must match. */
export async function engineTruth(): Promise<{ networks: Set<string>; volumes: Set<string>; images: Set<string> }> {
  const lines = async (...args: string[]): Promise<Set<string>> => new Set((await docker(...args)).split('\n').filter(Boolean));
  return {
    networks: await lines('network', 'ls', '-q', '--no-trunc'),
    volumes: await lines('volume', 'ls', '-q'),
    images: await lines('images', '-q', '--no-trunc'),
  };
}

/** A raw client of the live socket keeping the networks, volumes and images topics as a browser store would. */
export class ObjectsClient {
  networks = new Map<string, NetworkView>();
  volumes = new Map<string, VolumeView>();
  images = new Map<string, ImageView>();
  readonly messages: ServerMessage[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      const m = JSON.parse(raw.toString('utf8')) as ServerMessage;
      this.messages.push(m);
      if (m.op === 'snapshot' && m.topic === 'networks') this.networks = resourcesFromSnapshot(m.data, resourceKey.network);
      if (m.op === 'delta' && m.topic === 'networks') this.networks = applyResourceDelta(this.networks, m.data, resourceKey.network);
      if (m.op === 'snapshot' && m.topic === 'volumes') this.volumes = resourcesFromSnapshot(m.data, resourceKey.volume);
      if (m.op === 'delta' && m.topic === 'volumes') this.volumes = applyResourceDelta(this.volumes, m.data, resourceKey.volume);
      if (m.op === 'snapshot' && m.topic === 'images') this.images = resourcesFromSnapshot(m.data, resourceKey.image);
      if (m.op === 'delta' && m.topic === 'images') this.images = applyResourceDelta(this.images, m.data, resourceKey.image);
    });
  }

  /** Opens the live socket as a signed-in caller of a test console (its cookie and origin). */
  static open(as: { base: string; headers: Record<string, string> }): Promise<ObjectsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(as.base.replace(/^http/, 'ws') + '/api/live', { headers: as.headers });
      const client = new ObjectsClient(ws);
      ws.once('open', () => {
        for (const topic of ['networks', 'volumes', 'images']) ws.send(JSON.stringify({ op: 'sub', topic }));
        resolve(client);
      });
      ws.once('error', reject);
    });
  }

  network(name: string): NetworkView | undefined {
    for (const n of this.networks.values()) if (n.name === name) return n;
    return undefined;
  }

  close(): void {
    this.ws.close();
  }
}
