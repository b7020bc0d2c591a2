import { resourceKey, type NetworkView } from '@phedds/shared';
import { createResourceStore, type ResourceState } from './resource-store.ts';
import { useStore } from './store.ts';

/** The engine's networks by id, from the `networks` topic. */
export const networksStore = createResourceStore('networks', resourceKey.network);

export function useNetworks(): ResourceState<NetworkView> {
  return useStore(networksStore);
}
