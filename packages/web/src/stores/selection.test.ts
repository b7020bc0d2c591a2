import { beforeEach, describe, expect, it } from 'vitest';
import { clearSelection, objectSelectionStore, selectContainer, selectionStore, selectObject } from './selection.ts';

beforeEach(() => clearSelection());

describe('selection', () => {
  it('keeps one selection: a container or an object, never both', () => {
    selectContainer('c1');
    expect(selectionStore.get()).toBe('c1');
    selectObject({ kind: 'network', id: 'n1' });
    expect(selectionStore.get()).toBeUndefined();
    expect(objectSelectionStore.get()).toEqual({ kind: 'network', id: 'n1' });
    selectContainer('c2');
    expect(objectSelectionStore.get()).toBeUndefined();
    expect(selectionStore.get()).toBe('c2');
  });

  it('selecting the same object again notifies no one', () => {
    selectObject({ kind: 'volume', id: 'data' });
    let calls = 0;
    const off = objectSelectionStore.subscribe(() => calls++);
    selectObject({ kind: 'volume', id: 'data' });
    expect(calls).toBe(0);
    off();
  });

  it('clearing a container selection leaves an object selection alone', () => {
    selectObject({ kind: 'image', id: 'sha256:x' });
    selectContainer(undefined);
    expect(objectSelectionStore.get()).toEqual({ kind: 'image', id: 'sha256:x' });
    clearSelection();
    expect(objectSelectionStore.get()).toBeUndefined();
  });
});
