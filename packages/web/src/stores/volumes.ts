import { resourceKey, type VolumeView } from '@phedds/shared';
import { createResourceStore, type ResourceState } from './resource-store.ts';
import { useStore } from './store.ts';

/** The engine's volumes by name, from the `volumes` topic. */
export const volumesStore = createResourceStore('volumes', resourceKey.volume);

export function useVolumes(): ResourceState<VolumeView> {
  return useStore(volumesStore);
}
