import { resourceKey, type ImageView } from '@phedds/shared';
import { createResourceStore, type ResourceState } from './resource-store.ts';
import { useStore } from './store.ts';

/** The engine's images by id, from the `images` topic. */
export const imagesStore = createResourceStore('images', resourceKey.image);

export function useImages(): ResourceState<ImageView> {
  return useStore(imagesStore);
}
