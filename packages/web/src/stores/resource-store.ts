import { applyResourceDelta, resourcesFromSnapshot, type ResourceDelta, type TopicPayloads } from '@phedds/shared';
import { subscribe } from '../api/socket.ts';
import { createStore, type WritableStore } from './store.ts';

/** The topics whose snapshot is a list of views and whose delta is a ResourceDelta of them. */
type ResourceTopic = 'networks' | 'volumes' | 'images';
type ViewOf<T extends ResourceTopic> = TopicPayloads[T]['snapshot'][number];

export interface ResourceState<V> {
  byKey: ReadonlyMap<string, V>;
  /** False until the first snapshot arrived. */
  loaded: boolean;
}

export function reduceResourceSnapshot<V>(items: readonly V[], key: (v: V) => string): ResourceState<V> {
  return { byKey: resourcesFromSnapshot(items, key), loaded: true };
}

export function reduceResourceDelta<V>(prev: ResourceState<V>, delta: ResourceDelta<V>, key: (v: V) => string): ResourceState<V> {
  return { byKey: applyResourceDelta(prev.byKey, delta, key), loaded: prev.loaded };
}

/** A store fed by one live topic of networks, volumes or images; subscribed while someone reads it. */
export function createResourceStore<T extends ResourceTopic>(
  topic: T,
  key: (v: ViewOf<T>) => string,
): WritableStore<ResourceState<ViewOf<T>>> {
  let release: (() => void) | undefined;
  const store: WritableStore<ResourceState<ViewOf<T>>> = createStore<ResourceState<ViewOf<T>>>(
    { byKey: new Map(), loaded: false },
    {
      lingerMs: 1000,
      start: () => {
        release = subscribe(topic, {
          snapshot: (items) => store.set(reduceResourceSnapshot(items as ViewOf<T>[], key)),
          delta: (delta) => store.update((prev) => reduceResourceDelta(prev, delta as ResourceDelta<ViewOf<T>>, key)),
        });
      },
      stop: () => {
        release?.();
        release = undefined;
      },
    },
  );
  return store;
}
