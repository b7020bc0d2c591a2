import type { ContainerView } from '../dto/container.ts';
import type { ImageView } from '../dto/image.ts';
import type { NetworkView } from '../dto/network.ts';
import type { VolumeView } from '../dto/volume.ts';
import type { ResourceDelta } from '../protocol/messages.ts';

/** Everything the relations graph is built from: the four live inventories. */
export interface GraphInventory {
  containers: Iterable<ContainerView>;
  networks: Iterable<NetworkView>;
  volumes: Iterable<VolumeView>;
  images: Iterable<ImageView>;
}

/** The key each resource is known by on the engine and in deltas. */
export const resourceKey = {
  network: (n: NetworkView): string => n.id,
  volume: (v: VolumeView): string => v.name,
  image: (i: ImageView): string => i.id,
};

/**
 * Applies a networks/volumes/images delta to a map keyed by `key`, returning a new map (the input
 * is not changed), so stores can hand the result to React as a new value.
 */
export function applyResourceDelta<T>(prev: ReadonlyMap<string, T>, delta: ResourceDelta<T>, key: (item: T) => string): Map<string, T> {
  const next = new Map(prev);
  for (const k of delta.remove) next.delete(k);
  for (const item of delta.upsert) next.set(key(item), item);
  return next;
}

/** Builds the map from a snapshot. */
export function resourcesFromSnapshot<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((i) => [key(i), i]));
}
