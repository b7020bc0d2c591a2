import type { EngineEventView } from '@phedds/shared';
import { subscribe } from '../api/socket.ts';
import { createStore, useStore } from './store.ts';

export interface EventsState {
  /** Oldest first, at most `EVENTS_KEPT`. */
  items: readonly EngineEventView[];
  /** False until the first snapshot arrived. */
  loaded: boolean;
}

/** Events the page keeps: the server's recent ring on subscribe, then everything new, bounded. */
export const EVENTS_KEPT = 1000;

const initial: EventsState = { items: [], loaded: false };

/** Applies a batch of new events (pure): appended once, the oldest dropped past the bound. */
export function reduceEvents(prev: EventsState, batch: readonly EngineEventView[]): EventsState {
  const last = prev.items[prev.items.length - 1]?.seq ?? 0;
  const fresh = batch.filter((e) => e.seq > last);
  if (fresh.length === 0) return prev;
  const items = [...prev.items, ...fresh];
  return { items: items.length > EVENTS_KEPT ? items.slice(items.length - EVENTS_KEPT) : items, loaded: prev.loaded };
}

let release: (() => void) | undefined;

export const eventsStore = createStore<EventsState>(initial, {
  lingerMs: 1000,
  start: () => {
    release = subscribe('events', {
      // A snapshot (first, or after the client fell behind) is the server's ring: it replaces
      // what is held, except older events the ring no longer has.
      snapshot: (items) =>
        eventsStore.update((prev) => {
          const first = items[0]?.seq ?? Infinity;
          const older = prev.items.filter((e) => e.seq < first);
          return reduceEvents({ items: older, loaded: true }, items);
        }),
      delta: (batch) => eventsStore.update((prev) => reduceEvents(prev, batch)),
    });
  },
  stop: () => {
    release?.();
    release = undefined;
  },
});

export function useEvents(): EventsState {
  return useStore(eventsStore);
}
