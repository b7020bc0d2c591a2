import type { ContainerView, LogFeedState, LogsServerMessage } from '@phedds/shared';
import { LogsSocket, logsUrl } from '../api/logs-socket.ts';
import { containersStore } from './containers.ts';
import { LogBuffer } from './log-buffer.ts';
import { selectionStore } from './selection.ts';
import { createStore, useStore } from './store.ts';

/**
 * Which containers the Logs pane follows: the selected one, every container of the selected
 * one's compose project, or a set the presenter picked.
 */
export type LogsMode = 'selected' | 'project' | 'chosen';

export interface FeedInfo {
  name: string;
  state: LogFeedState;
  message?: string;
}

export interface LogsState {
  mode: LogsMode;
  /** The picked containers (mode `chosen`). */
  chosen: readonly string[];
  /** The container ids followed now, in the order their colours are given. */
  targets: readonly string[];
  /** What the server said of each followed container. */
  feeds: ReadonlyMap<string, FeedInfo>;
  connected: boolean;
  /** The buffer's version when the state was last published: views redraw when it changes. */
  version: number;
  paused: boolean;
}

/** Lines the page keeps, all containers together: older ones are dropped (and counted). */
export const LOG_BUFFER_LINES = 10_000;
/** At most this many containers are followed at once (the server's limit too). */
export const LOG_MAX_TARGETS = 32;
/** Redraws at most this often, whatever the rate of lines. */
const PUBLISH_MS = 100;

export const logBuffer = new LogBuffer(LOG_BUFFER_LINES);

const initial: LogsState = { mode: 'selected', chosen: [], targets: [], feeds: new Map(), connected: false, version: 0, paused: false };

/** The containers to follow in a mode (pure). */
export function targetsFor(
  mode: LogsMode,
  chosen: readonly string[],
  selected: string | undefined,
  containers: ReadonlyMap<string, ContainerView>,
): string[] {
  if (mode === 'chosen') return chosen.slice(0, LOG_MAX_TARGETS);
  if (!selected) return [];
  const project = containers.get(selected)?.compose?.project;
  if (mode === 'selected' || !project) return [selected];
  return [...containers.values()]
    .filter((c) => c.compose?.project === project)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => c.id)
    .slice(0, LOG_MAX_TARGETS);
}

let socket: LogsSocket | undefined;
let releases: (() => void)[] = [];
let publishTimer: ReturnType<typeof setTimeout> | undefined;

function publishSoon(): void {
  if (publishTimer !== undefined) return;
  publishTimer = setTimeout(() => {
    publishTimer = undefined;
    logsStore.update((s) => (s.version === logBuffer.version ? s : { ...s, version: logBuffer.version }));
  }, PUBLISH_MS);
}

function setFeed(id: string, info: FeedInfo): void {
  logsStore.update((s) => {
    const feeds = new Map(s.feeds);
    feeds.set(id, info);
    return { ...s, feeds };
  });
}

function onMessage(msg: LogsServerMessage): void {
  switch (msg.op) {
    case 'lines':
      logBuffer.add(msg.id, msg.lines);
      publishSoon();
      return;
    case 'gap':
      logBuffer.addGap(msg.id, msg.t, msg.dropped, msg.reason);
      publishSoon();
      return;
    case 'state':
      setFeed(msg.id, { name: msg.name, state: msg.state, ...(msg.message !== undefined ? { message: msg.message } : {}) });
      return;
    case 'error':
      console.warn(`logs socket: ${msg.error}: ${msg.message}`);
      return;
    case 'hello':
    case 'pong':
      return;
  }
}

/** Recomputes what to follow; tells the server and forgets what is no longer followed. */
function retarget(): void {
  const s = logsStore.get();
  const next = targetsFor(s.mode, s.chosen, selectionStore.get(), containersStore.get().byId);
  if (next.length === s.targets.length && next.every((id, i) => id === s.targets[i])) return;
  const keep = new Set(next);
  const feeds = new Map([...s.feeds].filter(([id]) => keep.has(id)));
  for (const id of s.targets) if (!keep.has(id)) logBuffer.removeContainer(id);
  logsStore.set({ ...s, targets: next, feeds, version: logBuffer.version });
  socket?.follow(next);
}

export const logsStore = createStore<LogsState>(initial, {
  lingerMs: 1000,
  start: () => {
    socket = new LogsSocket({
      url: () => logsUrl(window.location),
      createWire: (url) => new WebSocket(url),
      onMessage,
      onOpenChange: (open) => {
        // After a drop, the server sends each container's history again: skip what is held.
        if (open) for (const id of logsStore.get().targets) logBuffer.resume(id);
        logsStore.update((s) => ({ ...s, connected: open }));
      },
    });
    releases = [selectionStore.subscribe(retarget), containersStore.subscribe(retarget)];
    retarget();
    socket.follow(logsStore.get().targets);
  },
  stop: () => {
    // The pane closed: the socket goes, and with it the engine streams nobody else reads.
    socket?.close();
    // Picked containers that are gone are not followed again when the pane comes back.
    const gone = new Set([...logsStore.get().feeds].filter(([, f]) => f.state === 'removed' || f.state === 'missing').map(([id]) => id));
    if (gone.size > 0) logsStore.update((s) => ({ ...s, chosen: s.chosen.filter((id) => !gone.has(id)) }));
    socket = undefined;
    for (const r of releases) r();
    releases = [];
    clearTimeout(publishTimer);
    publishTimer = undefined;
    logBuffer.clear();
    logsStore.set({ ...logsStore.get(), targets: [], feeds: new Map(), connected: false, version: logBuffer.version });
  },
});

export function useLogs(): LogsState {
  return useStore(logsStore);
}

export function setLogsMode(mode: LogsMode): void {
  const s = logsStore.get();
  if (s.mode === mode) return;
  // Picking starts from what is shown, so switching to it changes nothing at first.
  logsStore.set({ ...s, mode, chosen: mode === 'chosen' ? [...s.targets] : s.chosen });
  retarget();
}

/** Adds or removes a container from the picked set (switching to `chosen`). */
export function toggleLogTarget(id: string): void {
  const s = logsStore.get();
  const base = s.mode === 'chosen' ? s.chosen : s.targets;
  const chosen = base.includes(id) ? base.filter((x) => x !== id) : [...base, id].slice(0, LOG_MAX_TARGETS);
  logsStore.set({ ...s, mode: 'chosen', chosen });
  retarget();
}

export function setLogsPaused(paused: boolean): void {
  logsStore.update((s) => (s.paused === paused ? s : { ...s, paused }));
}

/** Empties the view; the next lines start it again. */
export function clearLogs(): void {
  logBuffer.clear(false);
  logsStore.update((s) => ({ ...s, version: logBuffer.version }));
}
