import type { ProbeResult } from '@phedds/shared';
import { probeContainer } from '../api/details.ts';
import { errorMessage } from '../api/http.ts';
import { createStore, useStore } from './store.ts';

/** The port shown: a container and one of its published host ports. */
export interface PreviewChoice {
  containerId: string;
  hostPort: number;
}

export interface PreviewState {
  /** Chosen by the presenter; undefined: the pane picks (selected container, else a balancer). */
  choice?: PreviewChoice;
  /** Path the frame shows and the console requests. */
  path: string;
  /** Milliseconds between refreshes; 0 stops the timer. */
  intervalMs: number;
  /** The last answers, oldest first. */
  results: readonly (ProbeResult & { target: string })[];
  /** Increments at each refresh: the frame reloads when it changes. */
  tick: number;
}

/** Answers kept in the strip. */
export const PREVIEW_RESULTS = 24;
export const PREVIEW_INTERVALS = [0, 1000, 2000, 5000, 10_000] as const;

const initial: PreviewState = { path: '/', intervalMs: 2000, results: [], tick: 0 };

let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight = false;
/** The target the pane shows now (its own choice or the default), set by the pane. */
let active: PreviewChoice | undefined;
let running = false;

function record(r: ProbeResult, target: string): void {
  previewStore.update((s) => {
    const results = [...s.results, { ...r, target }];
    return { ...s, results: results.length > PREVIEW_RESULTS ? results.slice(results.length - PREVIEW_RESULTS) : results };
  });
}

/** One refresh: the frame reloads and the console asks the port who answers. */
async function refresh(): Promise<void> {
  const t = active;
  if (!t || inFlight) return;
  previewStore.update((s) => ({ ...s, tick: s.tick + 1 }));
  inFlight = true;
  const target = `${t.containerId}:${t.hostPort}`;
  const at = Date.now();
  try {
    record(await probeContainer(t.containerId, t.hostPort, previewStore.get().path), target);
  } catch (err) {
    record({ at, url: '', ms: Date.now() - at, error: errorMessage(err) }, target);
  } finally {
    inFlight = false;
  }
}

/** Runs the presenter's timer while the pane is shown and the page visible. */
function schedule(): void {
  clearTimeout(timer);
  timer = undefined;
  const ms = previewStore.get().intervalMs;
  if (!running || ms <= 0) return;
  timer = setTimeout(() => {
    if (typeof document === 'undefined' || document.visibilityState === 'visible') void refresh();
    schedule();
  }, ms);
}

export const previewStore = createStore<PreviewState>(initial, {
  start: () => {
    running = true;
    schedule();
  },
  stop: () => {
    running = false;
    clearTimeout(timer);
    timer = undefined;
  },
});

export function usePreview(): PreviewState {
  return useStore(previewStore);
}

/** The pane says which port it shows (its choice or the default); a change clears the strip. */
export function setActivePreview(t: PreviewChoice | undefined): void {
  const changed = t?.containerId !== active?.containerId || t?.hostPort !== active?.hostPort;
  active = t;
  if (changed) {
    previewStore.update((s) => ({ ...s, results: [] }));
    if (t) void refresh();
  }
}

export function choosePreview(choice: PreviewChoice | undefined): void {
  previewStore.update((s) => {
    const next = { ...s };
    if (choice) next.choice = choice;
    else delete next.choice;
    return next;
  });
}

export function setPreviewInterval(ms: number): void {
  previewStore.update((s) => ({ ...s, intervalMs: ms }));
  schedule();
}

export function setPreviewPath(path: string): void {
  previewStore.update((s) => ({ ...s, path, results: [] }));
  void refresh();
}

export function refreshPreviewNow(): void {
  void refresh();
}
