import type { ContainerView } from '@phedds/shared';
import { useSyncExternalStore } from 'react';
import { containersStore } from './containers.ts';
import { networksStore } from './networks.ts';
import { createStore } from './store.ts';
import { volumesStore } from './volumes.ts';

/**
 * What just happened on the engine, for panes that highlight it (presenter mode): the ids of the
 * containers, networks and volumes that appeared or changed state in the last `RECENT_MS`, each
 * with when. Fed from the resource stores; the first snapshot of each is not news.
 */
export const RECENT_MS = 6000;

export type RecentKind = 'container' | 'network' | 'volume';

export interface RecentChanges {
  container: ReadonlyMap<string, number>;
  network: ReadonlyMap<string, number>;
  volume: ReadonlyMap<string, number>;
}

/** A fresh snapshot brings new objects that may say the same: only a different content is a change. */
const differs = (a: unknown, b: unknown): boolean => a !== b && JSON.stringify(a) !== JSON.stringify(b);

const EMPTY: RecentChanges = { container: new Map(), network: new Map(), volume: new Map() };

/** A container's change worth showing: it started, stopped, paused, or its health changed. */
export function containerChanged(a: ContainerView, b: ContainerView): boolean {
  return a.state !== b.state || a.health !== b.health;
}

/**
 * The recent map after `prev` became `next` at `now` (pure): new keys and changed values are
 * stamped, expired and removed ones dropped. `prev` undefined (no snapshot yet): nothing is new.
 */
export function diffRecent<V>(
  recent: ReadonlyMap<string, number>,
  prev: ReadonlyMap<string, V> | undefined,
  next: ReadonlyMap<string, V>,
  now: number,
  changed: (a: V, b: V) => boolean = differs,
): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const [id, t] of recent) if (now - t < RECENT_MS && next.has(id)) out.set(id, t);
  if (prev) {
    for (const [id, v] of next) {
      const before = prev.get(id);
      if (before === undefined || changed(before, v)) out.set(id, now);
    }
  }
  return out.size === 0 && recent.size === 0 ? recent : out;
}

export function pruneRecent(recent: ReadonlyMap<string, number>, now: number): ReadonlyMap<string, number> {
  for (const t of recent.values()) {
    if (now - t >= RECENT_MS) return new Map([...recent].filter(([, at]) => now - at < RECENT_MS));
  }
  return recent;
}

let unsubscribe: (() => void) | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

export const recentChangesStore = createStore<RecentChanges>(EMPTY, {
  lingerMs: 1000,
  start: () => {
    // Each source remembers what it last showed, so only its own changes are compared.
    const follow = <V>(
      kind: RecentKind,
      read: () => { loaded: boolean; items: ReadonlyMap<string, V> },
      subscribe: (fn: () => void) => () => void,
      changed?: (a: V, b: V) => boolean,
    ): (() => void) => {
      let last = read().loaded ? read().items : undefined;
      return subscribe(() => {
        const now = read();
        if (!now.loaded || now.items === last) return;
        const cur = recentChangesStore.get();
        const next = diffRecent(cur[kind], last, now.items, Date.now(), changed);
        last = now.items;
        if (next !== cur[kind]) recentChangesStore.set({ ...cur, [kind]: next });
      });
    };
    const offs = [
      follow(
        'container',
        () => ({ loaded: containersStore.get().loaded, items: containersStore.get().byId }),
        containersStore.subscribe,
        containerChanged,
      ),
      follow('network', () => ({ loaded: networksStore.get().loaded, items: networksStore.get().byKey }), networksStore.subscribe),
      follow('volume', () => ({ loaded: volumesStore.get().loaded, items: volumesStore.get().byKey }), volumesStore.subscribe),
    ];
    timer = setInterval(() => {
      const cur = recentChangesStore.get();
      const now = Date.now();
      const next = {
        container: pruneRecent(cur.container, now),
        network: pruneRecent(cur.network, now),
        volume: pruneRecent(cur.volume, now),
      };
      if (next.container !== cur.container || next.network !== cur.network || next.volume !== cur.volume) recentChangesStore.set(next);
    }, 1000);
    unsubscribe = () => offs.forEach((off) => off());
  },
  stop: () => {
    unsubscribe?.();
    unsubscribe = undefined;
    clearInterval(timer);
    timer = undefined;
    recentChangesStore.set(EMPTY);
  },
});

/** Whether that object appeared or changed state in the last few seconds; re-renders only when that flips. */
export function useRecent(kind: RecentKind, id: string): boolean {
  return useSyncExternalStore(
    recentChangesStore.subscribe,
    () => recentChangesStore.get()[kind].has(id),
    () => false,
  );
}

export function useRecentChanges(): RecentChanges {
  return useSyncExternalStore(recentChangesStore.subscribe, recentChangesStore.get, recentChangesStore.get);
}
