import { createStore, useStore } from './store.ts';

/**
 * Which pane each of the page's four quadrants shows, by pane id; an empty slot shows the pane
 * registered at that position. Kept per browser (localStorage), so a presenter's choice survives
 * a reload. A pane is on screen at most once: choosing one shown elsewhere swaps the two.
 */
export const QUADRANT_COUNT = 4;
const KEY = 'phedds.quadrants';

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

function load(): readonly (string | undefined)[] {
  try {
    const v = JSON.parse(storage()?.getItem(KEY) ?? '[]') as unknown;
    if (!Array.isArray(v)) return [];
    return v.slice(0, QUADRANT_COUNT).map((x) => (typeof x === 'string' ? x : undefined));
  } catch {
    return [];
  }
}

export const quadrantsStore = createStore<readonly (string | undefined)[]>(load());

/** What each slot shows, given the registered panes (unknown saved ids fall back to the default). */
export function resolveQuadrants(saved: readonly (string | undefined)[], paneIds: readonly string[]): string[] {
  const out: (string | undefined)[] = [];
  for (let slot = 0; slot < QUADRANT_COUNT; slot++) {
    const want = saved[slot];
    out.push(want !== undefined && paneIds.includes(want) && !out.includes(want) ? want : undefined);
  }
  return out.map((id, slot) => {
    if (id !== undefined) return id;
    const own = paneIds[slot];
    const fallback = own !== undefined && !out.includes(own) ? own : paneIds.find((p) => !out.includes(p));
    out[slot] = fallback ?? '';
    return out[slot];
  });
}

/** Shows `paneId` in `slot`; if another slot shows it, that slot gets this slot's pane. */
export function chooseQuadrantPane(slot: number, paneId: string, paneIds: readonly string[]): void {
  const current = resolveQuadrants(quadrantsStore.get(), paneIds);
  const other = current.indexOf(paneId);
  const next = [...current];
  if (other !== -1 && other !== slot) next[other] = current[slot]!;
  next[slot] = paneId;
  quadrantsStore.set(next);
  try {
    storage()?.setItem(KEY, JSON.stringify(next));
  } catch {
    // storage full or disabled: the choice lasts until the reload
  }
}

export function useQuadrants(paneIds: readonly string[]): string[] {
  const saved = useStore(quadrantsStore);
  return resolveQuadrants(saved, paneIds);
}
