import { createStore, useStore } from './store.ts';

/** The container id every pane highlights; undefined when nothing is selected. */
export const selectionStore = createStore<string | undefined>(undefined);

export function selectContainer(id: string | undefined): void {
  selectionStore.set(id);
}

export function useSelection(): string | undefined {
  return useStore(selectionStore);
}
