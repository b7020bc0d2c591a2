import type { EngineStatus } from '@phedds/shared';
import { subscribe } from '../api/socket.ts';
import { createStore, useStore } from './store.ts';

let release: (() => void) | undefined;

/** The engine's status from the `engine` topic; undefined until the first snapshot. */
export const engineStore = createStore<EngineStatus | undefined>(undefined, {
  lingerMs: 1000,
  start: () => {
    release = subscribe('engine', {
      snapshot: (status) => engineStore.set(status),
      delta: () => undefined, // the engine topic only sends snapshots
    });
  },
  stop: () => {
    release?.();
    release = undefined;
  },
});

export function useEngine(): EngineStatus | undefined {
  return useStore(engineStore);
}
