import { useCallback, useSyncExternalStore } from 'react';
import { errorMessage } from '../api/http.ts';

export interface PolledState<T> {
  data?: T;
  /** Why the last read failed (the server's message); cleared by the next success. */
  error?: string;
  /** The HTTP status of that failure (409 when the container is not running…). */
  status?: number;
  loading: boolean;
}

export interface PolledStore<T> {
  /** Reads `key` while a component shows it, every `intervalMs` while the page is visible. */
  useData(key: string | undefined): PolledState<T>;
  /** Reads `key` again now (a refresh button, or a change the page heard of). */
  refresh(key: string): void;
}

interface Entry<T> {
  state: PolledState<T>;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setInterval>;
  controller?: AbortController;
}

const IDLE: PolledState<never> = { loading: false };

/**
 * REST data keyed by id (a container's processes, its diff…), read while at least one pane shows
 * it and re-read on a timer only while the page is visible: a hidden tab or a closed pane costs
 * the engine nothing. Stores the last answer, so a failure keeps showing the previous data.
 */
export function createPolledStore<T>(fetcher: (key: string, signal: AbortSignal) => Promise<T>, intervalMs?: number): PolledStore<T> {
  const entries = new Map<string, Entry<T>>();

  const set = (e: Entry<T>, patch: Partial<PolledState<T>>, clear?: 'error'): void => {
    const next = { ...e.state, ...patch };
    if (clear === 'error') {
      delete next.error;
      delete next.status;
    }
    e.state = next;
    for (const l of [...e.listeners]) l();
  };

  const load = (key: string): void => {
    const e = entries.get(key);
    if (!e || e.controller) return; // one read at a time per key
    const controller = new AbortController();
    e.controller = controller;
    set(e, { loading: true });
    fetcher(key, controller.signal).then(
      (data) => {
        if (e.controller !== controller) return;
        e.controller = undefined;
        set(e, { data, loading: false }, 'error');
      },
      (err: unknown) => {
        if (e.controller !== controller) return;
        e.controller = undefined;
        const status = (err as { status?: number }).status;
        set(e, { loading: false, error: errorMessage(err), ...(status !== undefined ? { status } : {}) });
      },
    );
  };

  const subscribe = (key: string, listener: () => void): (() => void) => {
    let e = entries.get(key);
    if (!e) {
      e = { state: { loading: false }, listeners: new Set() };
      entries.set(key, e);
    }
    e.listeners.add(listener);
    if (e.listeners.size === 1) {
      load(key);
      if (intervalMs) {
        e.timer = setInterval(() => {
          if (typeof document === 'undefined' || document.visibilityState === 'visible') load(key);
        }, intervalMs);
      }
    }
    const entry = e;
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size > 0) return;
      clearInterval(entry.timer);
      entry.controller?.abort();
      entries.delete(key);
    };
  };

  return {
    useData(key) {
      const sub = useCallback((l: () => void) => (key === undefined ? () => undefined : subscribe(key, l)), [key]);
      const get = useCallback(() => (key === undefined ? IDLE : (entries.get(key)?.state ?? IDLE)), [key]);
      return useSyncExternalStore(sub, get, get);
    },
    refresh(key) {
      if (entries.has(key)) load(key);
    },
  };
}
