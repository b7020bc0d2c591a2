import { useSyncExternalStore } from 'react';

/** A tiny external store, read in components through `useSyncExternalStore`. */
export interface ReadableStore<T> {
  get: () => T;
  subscribe: (listener: () => void) => () => void;
}

export interface WritableStore<T> extends ReadableStore<T> {
  set: (next: T) => void;
  update: (fn: (prev: T) => T) => void;
}

export interface StoreLifecycle {
  /** Called when the first listener arrives: open upstreams here. */
  start?: () => void;
  /** Called after the last listener left (and `lingerMs` passed without a new one). */
  stop?: () => void;
  /** Keeps the upstream a little after the last listener, so remounts do not churn subscriptions. */
  lingerMs?: number;
}

export function createStore<T>(initial: T, lifecycle: StoreLifecycle = {}): WritableStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  let running = false;
  let lingering: ReturnType<typeof setTimeout> | undefined;

  const set = (next: T): void => {
    if (Object.is(next, value)) return;
    value = next;
    for (const l of [...listeners]) l();
  };

  return {
    get: () => value,
    set,
    update: (fn) => set(fn(value)),
    subscribe(listener) {
      listeners.add(listener);
      if (lingering !== undefined) {
        clearTimeout(lingering);
        lingering = undefined;
      }
      if (!running) {
        running = true;
        lifecycle.start?.();
      }
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0 || !running) return;
        const stop = (): void => {
          lingering = undefined;
          running = false;
          lifecycle.stop?.();
        };
        if (lifecycle.lingerMs) lingering = setTimeout(stop, lifecycle.lingerMs);
        else stop();
      };
    },
  };
}

export function useStore<T>(store: ReadableStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
