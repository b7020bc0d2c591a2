import type { ImageView, NetworkView, VolumeView } from '@phedds/shared';
import type { DockerClient } from './client.ts';
import { AttachmentTracker, type AttachmentInspect } from './attachments.ts';
import { eventTimeMs, resourceEffect, type EngineEvent } from './event-effect.ts';
import { imageFromInspect, imageFromSummary, type EngineImageInspect, type EngineImageSummary } from './image-mapper.ts';
import { toNetworkView, type EngineNetwork } from './network-mapper.ts';
import { ResourceInventory } from './resource-inventory.ts';
import { toVolumeView, type EngineVolume } from './volume-mapper.ts';

/** An image answer from either the list or an inspect, mapped on arrival (the two shapes differ). */
type ImageRaw = { view: ImageView };

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

/**
 * The networks, volumes and images of one engine, fed by the engine's one event stream like the
 * containers, plus who mounts and links what (read from the container inspects the container
 * inventory makes anyway).
 */
export class EngineObjects {
  readonly attachments = new AttachmentTracker();
  readonly networks: ResourceInventory<EngineNetwork, NetworkView>;
  readonly volumes: ResourceInventory<EngineVolume, VolumeView>;
  readonly images: ResourceInventory<ImageRaw, ImageView>;

  constructor(docker: DockerClient, onError: (what: string, err: unknown) => void = () => {}) {
    this.networks = new ResourceInventory<EngineNetwork, NetworkView>(
      {
        list: async () => await docker.listNetworks(),
        get: (id) => orNull<EngineNetwork>(docker.getNetwork(id).inspect()),
        keyOf: (n) => n.Id,
      },
      (n) => toNetworkView(n, this.attachments.linksOn(n.Name)),
      (err) => onError('network', err),
    );
    this.volumes = new ResourceInventory<EngineVolume, VolumeView>(
      {
        list: async () => (await docker.listVolumes()).Volumes ?? [],
        get: (name) => orNull<EngineVolume>(docker.getVolume(name).inspect()),
        keyOf: (v) => v.Name,
      },
      (v) => toVolumeView(v, this.attachments.usersOf(v.Name)),
      (err) => onError('volume', err),
    );
    this.images = new ResourceInventory<ImageRaw, ImageView>(
      {
        list: async () => ((await docker.listImages()) as EngineImageSummary[]).map((i) => ({ view: imageFromSummary(i) })),
        get: async (id) => {
          const j = await orNull(docker.getImage(id).inspect() as Promise<EngineImageInspect>);
          return j ? { view: imageFromInspect(j) } : null;
        },
        keyOf: (i) => i.view.id,
      },
      (i) => i.view,
      (err) => onError('image', err),
    );
    this.attachments.onChange((change) => {
      this.volumes.remap(change.volumes);
      if (change.networks.size === 0) return;
      const ids: string[] = [];
      for (const n of this.networks.list()) if (change.networks.has(n.name)) ids.push(n.id);
      this.networks.remap(ids);
    });
  }

  /** Feeds a container inspect answer (or `null`: it is gone) to the attachments. */
  observeContainer(id: string, inspect: AttachmentInspect | null): void {
    this.attachments.observe(id, inspect);
  }

  /** Applies one engine event; container events only matter here when a container is destroyed. */
  onEvent(e: EngineEvent): void {
    if (e.Type === 'container') {
      if (e.Action === 'destroy' && e.Actor?.ID) this.attachments.forget(e.Actor.ID);
      return;
    }
    const effect = resourceEffect(e);
    if (effect.kind === 'ignore') return;
    const inventory = effect.resource === 'network' ? this.networks : effect.resource === 'volume' ? this.volumes : this.images;
    if (effect.kind === 'reconcile') {
      void (inventory as ResourceInventory<unknown, unknown>).reconcile().catch(() => undefined);
      return;
    }
    const time = eventTimeMs(e);
    const cause = time !== undefined ? { action: e.Action ?? '', id: effect.key, time } : undefined;
    if (effect.kind === 'remove') inventory.remove(effect.key, cause);
    else inventory.refresh(effect.key, cause);
  }

  /** Re-reads every list; the inventories then match the engine. */
  async reconcile(): Promise<void> {
    await Promise.all([this.networks.reconcile(), this.volumes.reconcile(), this.images.reconcile()]);
  }
}
