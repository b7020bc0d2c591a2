import { createStore, useStore } from './store.ts';

/** The container id every pane highlights; undefined when nothing is selected. */
export const selectionStore = createStore<string | undefined>(undefined);

/** Something other than a container that a pane can select: a network, volume, image, compose project or host port. */
export interface SelectedObject {
  kind: 'network' | 'volume' | 'image' | 'project' | 'port';
  /** Network id, volume name, image id, project name, or `ip:port/proto`. */
  id: string;
}

/** The selected non-container object; at most one of it and the container selection is set. */
export const objectSelectionStore = createStore<SelectedObject | undefined>(undefined);

/** Selects a container (or nothing) in every pane; an object selection gives way. */
export function selectContainer(id: string | undefined): void {
  if (id !== undefined) objectSelectionStore.set(undefined);
  selectionStore.set(id);
}

/** Selects a network, volume, image, project or port in every pane; a container selection gives way. */
export function selectObject(object: SelectedObject | undefined): void {
  if (object !== undefined) selectionStore.set(undefined);
  const prev = objectSelectionStore.get();
  if (prev && object && prev.kind === object.kind && prev.id === object.id) return;
  objectSelectionStore.set(object);
}

/** Clears both selections. */
export function clearSelection(): void {
  selectionStore.set(undefined);
  objectSelectionStore.set(undefined);
}

export function useSelection(): string | undefined {
  return useStore(selectionStore);
}

export function useSelectedObject(): SelectedObject | undefined {
  return useStore(objectSelectionStore);
}
