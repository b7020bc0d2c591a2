import { applyContainerDelta, containersFromSnapshot, type ContainerDelta, type ContainerView } from '@phedds/shared';
import { subscribe } from '../api/socket.ts';
import { createStore, useStore } from './store.ts';

export interface ContainersState {
  byId: ReadonlyMap<string, ContainerView>;
  /** False until the first snapshot arrived. */
  loaded: boolean;
  /** Epoch ms when the last delta was applied. */
  lastDeltaAt?: number;
  /** Epoch ms of the last delta that added or changed each container (recent ones only). */
  changedAt: ReadonlyMap<string, number>;
}

/** How long a change is remembered for highlighting; longer than any flash animation. */
const CHANGE_MEMORY_MS = 10_000;

const initial: ContainersState = { byId: new Map(), loaded: false, changedAt: new Map() };

export function reduceSnapshot(_prev: ContainersState, items: ContainerView[]): ContainersState {
  return { byId: containersFromSnapshot(items), loaded: true, changedAt: new Map() };
}

export function reduceDelta(prev: ContainersState, delta: ContainerDelta, now: number): ContainersState {
  const changedAt = new Map<string, number>();
  for (const [id, t] of prev.changedAt) if (now - t < CHANGE_MEMORY_MS) changedAt.set(id, t);
  for (const id of delta.remove) changedAt.delete(id);
  for (const c of delta.upsert) changedAt.set(c.id, now);
  return { byId: applyContainerDelta(prev.byId, delta), loaded: prev.loaded, lastDeltaAt: now, changedAt };
}

let release: (() => void) | undefined;

export const containersStore = createStore<ContainersState>(initial, {
  lingerMs: 1000,
  start: () => {
    release = subscribe('containers', {
      snapshot: (items) => containersStore.update((prev) => reduceSnapshot(prev, items)),
      delta: (delta) => containersStore.update((prev) => reduceDelta(prev, delta, Date.now())),
    });
  },
  stop: () => {
    release?.();
    release = undefined;
  },
});

export function useContainers(): ContainersState {
  return useStore(containersStore);
}
