import { useSyncExternalStore } from 'react';
import { LAYOUT_LIMITS, type LayoutBody, type LayoutsView } from '@phedds/shared';
import { layoutsApi } from '../api/layouts.ts';
import { errorMessage } from '../api/http.ts';
import { defaultLayout, isValidLayout, resolveLayout, type Layout } from './layout-model.ts';
import { createStore, useStore } from './store.ts';

export interface NamedLayout {
  name: string;
  /** As saved: panes this page does not have are kept, and skipped when shown. */
  layout: LayoutBody;
}

export interface LayoutsState {
  /** In the user's order: Alt+1 is the first. Never empty. */
  layouts: readonly NamedLayout[];
  active: string;
  presenter: boolean;
  /** The server's copy arrived (before that: this browser's copy, for a fast first paint). */
  synced: boolean;
  /** The last save that failed, shown in the layout menu until one succeeds. */
  saveError?: string;
}

export const DEFAULT_LAYOUT_NAME = 'Default';
const LEGACY_KEY = 'phedds.quadrants';
/** Edits while dragging are saved once the hand rests. */
const SAVE_DELAY_MS = 400;

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

const initial = (paneIds: readonly string[]): LayoutsState => ({
  layouts: [{ name: DEFAULT_LAYOUT_NAME, layout: defaultLayout(paneIds) }],
  active: DEFAULT_LAYOUT_NAME,
  presenter: false,
  synced: false,
});

export const layoutsStore = createStore<LayoutsState>(initial([]));

let cacheKey: string | undefined;
let paneIds: readonly string[] = [];
/** Names the server holds; a layout made before the server answered is sent before it is used. */
const onServer = new Set<string>();
/** Changed here before the server's copy arrived: the server's copy must not undo it. */
let dirty = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Requests go one after the other, so the server ends with the last change. */
let queue: Promise<unknown> = Promise.resolve();

/** The layouts as the server holds them, made safe for this page; undefined when unusable. */
export function fromServer(view: LayoutsView): Pick<LayoutsState, 'layouts' | 'active' | 'presenter'> | undefined {
  const layouts = view.layouts.filter((l) => isValidLayout(l.layout)).map((l) => ({ name: l.name, layout: l.layout }));
  if (layouts.length === 0) return undefined;
  const active = layouts.some((l) => l.name === view.active) ? view.active! : layouts[0]!.name;
  return { layouts, active, presenter: view.presenter };
}

function isNamedLayout(v: unknown): v is NamedLayout {
  return typeof v === 'object' && v !== null && typeof (v as NamedLayout).name === 'string' && isValidLayout((v as NamedLayout).layout);
}

/** This browser's copy, or the arrangement an older page kept (four quadrants), or nothing. */
function fromCache(): LayoutsState | undefined {
  const s = storage();
  try {
    const cached = cacheKey ? (JSON.parse(s?.getItem(cacheKey) ?? 'null') as Record<string, unknown> | null) : null;
    const list: unknown[] = Array.isArray(cached?.layouts) ? (cached.layouts as unknown[]) : [];
    const layouts = list.filter(isNamedLayout);
    if (cached && layouts.length > 0) {
      const active = layouts.find((l) => l.name === cached.active)?.name ?? layouts[0]!.name;
      return { layouts, active, presenter: cached.presenter === true, synced: false };
    }
    const legacy = JSON.parse(s?.getItem(LEGACY_KEY) ?? 'null') as unknown;
    if (Array.isArray(legacy) && legacy.every((x) => typeof x === 'string' || x === null)) {
      const ids = [...new Set([...(legacy as string[]).filter((x) => paneIds.includes(x)), ...paneIds])].slice(0, 4);
      return { ...initial(paneIds), layouts: [{ name: DEFAULT_LAYOUT_NAME, layout: defaultLayout(ids) }] };
    }
  } catch {
    // an unreadable copy is no copy
  }
  return undefined;
}

function set(next: LayoutsState): void {
  layoutsStore.set(next);
  if (!cacheKey) return;
  try {
    storage()?.setItem(cacheKey, JSON.stringify({ layouts: next.layouts, active: next.active, presenter: next.presenter }));
  } catch {
    // storage full or disabled: the server still has it
  }
}

function enqueue(job: () => Promise<unknown>): void {
  queue = queue
    .then(job)
    .then(() => {
      if (layoutsStore.get().saveError !== undefined) layoutsStore.set({ ...layoutsStore.get(), saveError: undefined });
    })
    .catch((err: unknown) => layoutsStore.set({ ...layoutsStore.get(), saveError: errorMessage(err) }));
}

/** Sends the layout named `name` as it is now (and any local one the server lacks, first). */
function save(name: string, extra: { active?: boolean; renameFrom?: string } = {}): void {
  enqueue(async () => {
    const s = layoutsStore.get();
    for (const l of s.layouts) {
      if (onServer.has(l.name) || l.name === name) continue;
      await layoutsApi.save(l.name, { layout: l.layout });
      onServer.add(l.name);
    }
    const l = s.layouts.find((x) => x.name === name);
    if (!l) return;
    await layoutsApi.save(name, { layout: l.layout, presenter: s.presenter, active: s.active === name, ...extra });
    onServer.add(name);
    if (extra.renameFrom !== undefined) onServer.delete(extra.renameFrom);
  });
}

function flushPendingEdit(): void {
  if (saveTimer === undefined) return;
  clearTimeout(saveTimer);
  saveTimer = undefined;
  save(layoutsStore.get().active);
}

/** Shows this browser's copy at once, then the server's. Called once the user is known. */
export async function loadLayouts(userId: number, ids: readonly string[]): Promise<void> {
  paneIds = ids;
  cacheKey = `phedds.layouts.${userId}`;
  dirty = false;
  onServer.clear();
  set(fromCache() ?? initial(ids));
  try {
    const view = await layoutsApi.list();
    for (const l of view.layouts) onServer.add(l.name);
    const server = fromServer(view);
    if (dirty) {
      // Changed meanwhile: keep this page's version (already on its way to the server).
      layoutsStore.set({ ...layoutsStore.get(), synced: true });
      return;
    }
    if (server) set({ ...server, synced: true });
    else set({ ...layoutsStore.get(), synced: true });
  } catch (err) {
    layoutsStore.set({ ...layoutsStore.get(), synced: true, saveError: errorMessage(err) });
  }
}

/** The layout in use, resolved against the registered panes. */
export function activeLayout(s: LayoutsState, ids: readonly string[]): Layout {
  return resolveLayout(s.layouts.find((l) => l.name === s.active)?.layout, ids);
}

/** Changes the layout in use (a drag, a resize, a pane added); saved once the edits pause. */
export function editLayout(fn: (l: Layout) => Layout): void {
  const s = layoutsStore.get();
  const current = activeLayout(s, paneIds);
  const next = fn(current);
  if (next === current) return;
  dirty = true;
  set({ ...s, layouts: s.layouts.map((l) => (l.name === s.active ? { name: l.name, layout: next } : l)) });
  if (saveTimer !== undefined) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    save(layoutsStore.get().active);
  }, SAVE_DELAY_MS);
}

export function switchLayout(name: string): void {
  const s = layoutsStore.get();
  if (s.active === name || !s.layouts.some((l) => l.name === name)) return;
  flushPendingEdit();
  dirty = true;
  set({ ...s, active: name });
  save(name);
}

/** Alt+1 … Alt+9: the n-th layout (0-based here). */
export function switchLayoutAt(index: number): void {
  const l = layoutsStore.get().layouts[index];
  if (l) switchLayout(l.name);
}

/** Why `name` cannot be used for a new or renamed layout, or undefined. */
export function layoutNameProblem(name: string, except?: string): string | undefined {
  const n = name.trim();
  if (n === '') return 'Give the layout a name.';
  if (n.length > LAYOUT_LIMITS.nameLength) return `At most ${LAYOUT_LIMITS.nameLength} characters.`;
  if ([...n].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 || ch === '/' || ch === '\\')) {
    return 'No slashes or control characters.';
  }
  if (n !== except && layoutsStore.get().layouts.some((l) => l.name === n)) return `“${n}” exists already.`;
  return undefined;
}

/** Saves the arrangement in use under a new name and switches to it. */
export function createLayout(name: string): void {
  const s = layoutsStore.get();
  const n = name.trim();
  if (layoutNameProblem(n) || s.layouts.length >= LAYOUT_LIMITS.layouts) return;
  flushPendingEdit();
  dirty = true;
  set({ ...s, layouts: [...s.layouts, { name: n, layout: activeLayout(s, paneIds) }], active: n });
  save(n);
}

export function renameLayout(from: string, to: string): void {
  const s = layoutsStore.get();
  const n = to.trim();
  if (from === n || layoutNameProblem(n, from) || !s.layouts.some((l) => l.name === from)) return;
  flushPendingEdit();
  dirty = true;
  set({
    ...s,
    layouts: s.layouts.map((l) => (l.name === from ? { name: n, layout: l.layout } : l)),
    active: s.active === from ? n : s.active,
  });
  if (onServer.has(from)) save(n, { renameFrom: from });
  else save(n);
}

/** Deletes a layout (the last one stays); deleting the one in use switches to the first. */
export function deleteLayout(name: string): void {
  const s = layoutsStore.get();
  if (s.layouts.length <= 1 || !s.layouts.some((l) => l.name === name)) return;
  flushPendingEdit();
  dirty = true;
  const layouts = s.layouts.filter((l) => l.name !== name);
  const active = s.active === name ? layouts[0]!.name : s.active;
  set({ ...s, layouts, active });
  const known = onServer.has(name);
  enqueue(async () => {
    if (known) await layoutsApi.remove(name);
    onServer.delete(name);
  });
  if (active !== s.active) save(active);
}

export function setPresenter(on: boolean): void {
  const s = layoutsStore.get();
  if (s.presenter === on) return;
  flushPendingEdit();
  dirty = true;
  set({ ...s, presenter: on });
  save(s.active);
}

export function togglePresenter(): void {
  setPresenter(!layoutsStore.get().presenter);
}

export function useLayouts(): LayoutsState {
  return useStore(layoutsStore);
}

/** Whether presenter mode is on; re-renders only when it flips (not on every drag). */
export function usePresenter(): boolean {
  return useSyncExternalStore(
    layoutsStore.subscribe,
    () => layoutsStore.get().presenter,
    () => false,
  );
}
