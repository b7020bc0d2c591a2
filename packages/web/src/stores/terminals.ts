import type { TerminalCreate, TerminalInfo } from '@phedds/shared';
import { errorMessage } from '../api/http.ts';
import { createTerminal, deleteTerminal, listTerminals } from '../api/terminal.ts';
import { createStore, useStore } from './store.ts';

/**
 * creating: the server is starting it; connecting / reconnecting: its socket is (re)attaching;
 * open: live; exited: the process ended; ended: the server no longer has it; failed: it never started.
 */
export type TabStatus = 'creating' | 'connecting' | 'open' | 'reconnecting' | 'exited' | 'ended' | 'failed';

/** One tab of the Shell pane. */
export interface TerminalTab {
  /** Local and stable from the click on, before the server has named the session. */
  key: string;
  kind: 'host' | 'exec';
  title: string;
  sessionId?: string;
  status: TabStatus;
  /** Why it failed or how it ended, in words for the person. */
  message?: string;
}

export interface TerminalsState {
  tabs: readonly TerminalTab[];
  activeKey: string | undefined;
}

export const EMPTY_TERMINALS: TerminalsState = { tabs: [], activeKey: undefined };

// ---- reducers (pure) ----------------------------------------------------------------------------

export function addTab(state: TerminalsState, tab: TerminalTab, activate = true): TerminalsState {
  return { tabs: [...state.tabs, tab], activeKey: activate || state.activeKey === undefined ? tab.key : state.activeKey };
}

export function patchTab(state: TerminalsState, key: string, patch: Partial<Omit<TerminalTab, 'key'>>): TerminalsState {
  const i = state.tabs.findIndex((t) => t.key === key);
  if (i < 0) return state;
  const tabs = [...state.tabs];
  tabs[i] = { ...tabs[i]!, ...patch };
  return { ...state, tabs };
}

/** Removes a tab; closing the active one activates its right neighbour, else its left one. */
export function removeTab(state: TerminalsState, key: string): TerminalsState {
  const i = state.tabs.findIndex((t) => t.key === key);
  if (i < 0) return state;
  const tabs = state.tabs.filter((t) => t.key !== key);
  if (state.activeKey !== key) return { tabs, activeKey: state.activeKey };
  return { tabs, activeKey: (tabs[i] ?? tabs[i - 1])?.key };
}

export function activateTab(state: TerminalsState, key: string): TerminalsState {
  if (state.activeKey === key || !state.tabs.some((t) => t.key === key)) return state;
  return { ...state, activeKey: key };
}

/**
 * The sessions to show again after a reload: those this browser tab had open (`saved`, in tab
 * order) that the server still runs and this page does not show yet. Only this tab's own: a
 * session open in another window stays there.
 */
export function restorable(state: TerminalsState, saved: readonly string[], sessions: readonly TerminalInfo[]): TerminalInfo[] {
  const shown = new Set(state.tabs.map((t) => t.sessionId));
  const byId = new Map(sessions.map((s) => [s.id, s]));
  return saved.flatMap((id) => {
    const s = byId.get(id);
    return s && s.exitCode === undefined && !shown.has(id) ? [s] : [];
  });
}

// ---- the store and its actions ------------------------------------------------------------------

export const terminalsStore = createStore<TerminalsState>(EMPTY_TERMINALS);

/** Per browser tab, survives a reload: which sessions this tab had open. */
const SAVED_KEY = 'phedds.terminals';

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined; // storage disabled: a reload then simply starts without tabs
  }
}

function savedSessions(): string[] {
  try {
    const v = JSON.parse(storage()?.getItem(SAVED_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Every change goes through here, so the saved session list always matches the tabs. */
function commit(fn: (s: TerminalsState) => TerminalsState): void {
  const before = terminalsStore.get();
  terminalsStore.update(fn);
  const after = terminalsStore.get();
  if (after.tabs === before.tabs) return;
  const ids = after.tabs.flatMap((t) => (t.sessionId && t.status !== 'exited' && t.status !== 'ended' ? [t.sessionId] : []));
  storage()?.setItem(SAVED_KEY, JSON.stringify(ids));
}

let seq = 0;
const nextKey = (): string => `tab-${++seq}`;

/** The size the last terminal was fitted to, so a new session starts at roughly the right size. */
let lastSize: { cols: number; rows: number } | undefined;

export function rememberTerminalSize(cols: number, rows: number): void {
  lastSize = { cols, rows };
}

function hasTab(key: string): boolean {
  return terminalsStore.get().tabs.some((t) => t.key === key);
}

export function updateTab(key: string, patch: Partial<Omit<TerminalTab, 'key'>>): void {
  commit((s) => patchTab(s, key, patch));
}

/** Opens a tab at once and asks the server for the session; returns the tab's key. */
export function openTerminal(req: TerminalCreate, placeholderTitle: string): string {
  const key = nextKey();
  commit((s) => addTab(s, { key, kind: req.kind, title: placeholderTitle, status: 'creating' }));
  void createTerminal(lastSize ? { ...req, ...lastSize } : req).then(
    (info) => {
      // Closed while it was starting: end it rather than leave a shell nobody sees.
      if (!hasTab(key)) return deleteTerminal(info.id).catch(() => undefined);
      updateTab(key, { sessionId: info.id, title: info.title, status: 'connecting' });
    },
    (err: unknown) => updateTab(key, { status: 'failed', message: errorMessage(err) }),
  );
  return key;
}

export function openHostShell(): string {
  return openTerminal({ kind: 'host' }, 'host');
}

/** An exec into a container; without `command` the server picks bash, else sh. */
export function openExec(container: { id: string; name: string }, command?: string[]): string {
  const req: TerminalCreate = { kind: 'exec', container: container.id, ...(command && command.length > 0 ? { command } : {}) };
  return openTerminal(req, command && command.length > 0 ? `${container.name}: ${command.join(' ')}` : container.name);
}

export function selectTab(key: string): void {
  commit((s) => activateTab(s, key));
}

/** Closes the tab and ends its session on the server. */
export function closeTab(key: string): Promise<void> {
  const tab = terminalsStore.get().tabs.find((t) => t.key === key);
  commit((s) => removeTab(s, key));
  if (!tab?.sessionId) return Promise.resolve();
  return deleteTerminal(tab.sessionId).catch((err: unknown) => {
    console.warn(`Could not end terminal session ${tab.sessionId}: ${errorMessage(err)}`);
  });
}

let restored = false;

/** Once per page: a reload must not lose a shell, so this tab's sessions come back as tabs. */
export async function restoreSessions(): Promise<void> {
  if (restored) return;
  restored = true;
  const saved = savedSessions();
  if (saved.length === 0) return;
  let sessions: TerminalInfo[];
  try {
    sessions = await listTerminals();
  } catch {
    return; // the server does not answer: nothing to restore, new tabs still work
  }
  for (const info of restorable(terminalsStore.get(), saved, sessions)) {
    commit((s) => addTab(s, { key: nextKey(), kind: info.kind, title: info.title, sessionId: info.id, status: 'connecting' }, false));
  }
}

export function useTerminals(): TerminalsState {
  return useStore(terminalsStore);
}
