import type { ContainerChanges, ContainerTop } from '@phedds/shared';
import { containerChanges, containerTop, inspectContainer, inspectObject } from '../api/details.ts';
import { createPolledStore } from './polled.ts';
import { createStore, useStore } from './store.ts';

/** How often the Processes pane re-reads `top` while it is shown. */
export const TOP_REFRESH_MS = 3000;
/** How often the Diff pane re-reads the container's changes while it is shown. */
export const CHANGES_REFRESH_MS = 4000;

/** The engine's inspect answer of a container; re-read when the container changes (the pane asks). */
export const inspectStore = createPolledStore((id, signal) => inspectContainer(id, signal).then((r) => r.inspect));

export const topStore = createPolledStore<ContainerTop>(containerTop, TOP_REFRESH_MS);

export const changesStore = createPolledStore<ContainerChanges>(containerChanges, CHANGES_REFRESH_MS);

/** A network or volume to inspect, picked from the Events pane; keys are `network:<id>` / `volume:<name>`. */
export const objectInspectStore = createPolledStore((key, signal) => {
  const i = key.indexOf(':');
  return inspectObject(key.slice(0, i) as 'network' | 'volume', key.slice(i + 1), signal);
});

/** Something other than a container the Inspect pane shows, until a container is selected again. */
export interface InspectFocus {
  kind: 'network' | 'volume';
  id: string;
  name: string;
}

export const inspectFocusStore = createStore<InspectFocus | undefined>(undefined);

export function focusObject(focus: InspectFocus | undefined): void {
  inspectFocusStore.set(focus);
}

export function useInspectFocus(): InspectFocus | undefined {
  return useStore(inspectFocusStore);
}
