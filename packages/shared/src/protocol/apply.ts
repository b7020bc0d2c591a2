import type { ContainerView } from '../dto/container.ts';
import type { ContainerDelta } from './messages.ts';

/**
 * Applies a container delta to a map keyed by id, returning a new map (the input is not changed),
 * so stores can hand the result to React as a new value.
 */
export function applyContainerDelta(prev: ReadonlyMap<string, ContainerView>, delta: ContainerDelta): Map<string, ContainerView> {
  const next = new Map(prev);
  for (const id of delta.remove) next.delete(id);
  for (const c of delta.upsert) next.set(c.id, c);
  return next;
}

/** Builds the map from a snapshot. */
export function containersFromSnapshot(items: readonly ContainerView[]): Map<string, ContainerView> {
  return new Map(items.map((c) => [c.id, c]));
}
