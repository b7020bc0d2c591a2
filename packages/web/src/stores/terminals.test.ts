import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TerminalInfo } from '@phedds/shared';
import { ApiRequestError } from '../api/http.ts';
import type { TerminalTab } from './terminals.ts';

const api = vi.hoisted(() => ({
  createTerminal: vi.fn(),
  deleteTerminal: vi.fn(),
  listTerminals: vi.fn(),
}));
vi.mock('../api/terminal.ts', () => api);

const {
  activateTab,
  addTab,
  closeTab,
  EMPTY_TERMINALS,
  openExec,
  openHostShell,
  patchTab,
  rememberTerminalSize,
  removeTab,
  restorable,
  restoreSessions,
  terminalsStore,
} = await import('./terminals.ts');

const tab = (key: string, extra: Partial<TerminalTab> = {}): TerminalTab => ({ key, kind: 'host', title: key, status: 'open', ...extra });
const info = (id: string, extra: Partial<TerminalInfo> = {}): TerminalInfo => ({
  id,
  kind: 'host',
  title: 'host',
  command: ['/bin/sh'],
  createdAt: 0,
  attached: false,
  ...extra,
});
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('tab reducers', () => {
  const three = [tab('a'), tab('b'), tab('c')].reduce((s, t) => addTab(s, t), EMPTY_TERMINALS);

  it('adds and activates a new tab, or keeps the active one when asked', () => {
    expect(three.activeKey).toBe('c');
    expect(addTab(three, tab('d'), false).activeKey).toBe('c');
    expect(addTab(EMPTY_TERMINALS, tab('d'), false).activeKey).toBe('d');
  });

  it('closing the active tab activates its right neighbour, else the left one', () => {
    const onB = activateTab(three, 'b');
    expect(removeTab(onB, 'b').activeKey).toBe('c');
    expect(removeTab(three, 'c').activeKey).toBe('b');
    expect(removeTab(onB, 'a')).toEqual({ tabs: [tab('b'), tab('c')], activeKey: 'b' });
    expect(removeTab(removeTab(removeTab(three, 'a'), 'b'), 'c')).toEqual(EMPTY_TERMINALS);
    expect(removeTab(three, 'zz')).toBe(three);
  });

  it('patches one tab and ignores unknown keys', () => {
    const s = patchTab(three, 'b', { status: 'reconnecting' });
    expect(s.tabs.map((t) => t.status)).toEqual(['open', 'reconnecting', 'open']);
    expect(patchTab(three, 'zz', { status: 'failed' })).toBe(three);
    expect(activateTab(three, 'zz')).toBe(three);
  });

  it('restores, in tab order, the sessions this tab had that still run and are not shown', () => {
    const s = addTab(EMPTY_TERMINALS, tab('a', { sessionId: 's1' }));
    const sessions = [info('s1'), info('s2', { attached: true }), info('s3'), info('s4', { exitCode: 0 }), info('s5')];
    expect(restorable(s, ['s3', 's1', 's2', 's4', 'gone'], sessions).map((i) => i.id)).toEqual(['s3', 's2']);
  });
});

describe('tab actions', () => {
  beforeEach(() => {
    terminalsStore.set(EMPTY_TERMINALS);
    api.createTerminal.mockReset();
    api.deleteTerminal.mockReset().mockResolvedValue(undefined);
  });

  it('shows the tab at once, then takes the session and title from the server, at the last fitted size', async () => {
    rememberTerminalSize(132, 40);
    api.createTerminal.mockResolvedValue(info('s9', { kind: 'exec', title: 'web-1: /bin/sh' }));
    const key = openExec({ id: 'abc', name: 'web-1' });
    expect(terminalsStore.get().tabs).toEqual([{ key, kind: 'exec', title: 'web-1', status: 'creating' }]);
    expect(api.createTerminal).toHaveBeenCalledWith({ kind: 'exec', container: 'abc', cols: 132, rows: 40 });
    await settle();
    expect(terminalsStore.get().tabs[0]).toMatchObject({ sessionId: 's9', title: 'web-1: /bin/sh', status: 'connecting' });
  });

  it('passes a custom command and names the tab after it', () => {
    api.createTerminal.mockReturnValue(new Promise(() => undefined));
    openExec({ id: 'abc', name: 'db' }, ['psql', '-U', 'app']);
    expect(api.createTerminal).toHaveBeenCalledWith(expect.objectContaining({ command: ['psql', '-U', 'app'] }));
    expect(terminalsStore.get().tabs[0]?.title).toBe('db: psql -U app');
  });

  it('shows why the server refused, in the tab', async () => {
    api.createTerminal.mockRejectedValue(
      new ApiRequestError(409, { error: 'conflict', message: 'Container web-1 is not running: start it first.' }),
    );
    openExec({ id: 'abc', name: 'web-1' });
    await settle();
    expect(terminalsStore.get().tabs[0]).toMatchObject({ status: 'failed', message: 'Container web-1 is not running: start it first.' });
  });

  it('ends the session when its tab is closed, even one closed while it was starting', async () => {
    let answer: (i: TerminalInfo) => void = () => undefined;
    api.createTerminal.mockReturnValue(new Promise<TerminalInfo>((r) => (answer = r)));
    const early = openHostShell();
    await closeTab(early);
    expect(terminalsStore.get().tabs).toEqual([]);
    answer(info('s-late'));
    await settle();
    expect(api.deleteTerminal).toHaveBeenCalledWith('s-late');
    expect(terminalsStore.get().tabs).toEqual([]);

    api.createTerminal.mockResolvedValue(info('s2'));
    const key = openHostShell();
    await settle();
    await closeTab(key);
    expect(api.deleteTerminal).toHaveBeenLastCalledWith('s2');
  });
});

describe('restoring after a reload', () => {
  it('brings back the sessions saved by this browser tab, and only those', async () => {
    const saved = new Map<string, string>();
    vi.stubGlobal('sessionStorage', {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => void saved.set(k, v),
    });
    terminalsStore.set(EMPTY_TERMINALS);
    api.createTerminal.mockResolvedValueOnce(info('s1')).mockResolvedValueOnce(info('s2'));
    openHostShell();
    openHostShell();
    await settle();
    expect(JSON.parse(saved.get('phedds.terminals')!)).toEqual(['s1', 's2']);

    // The reload: the page starts empty and asks the server what still runs.
    terminalsStore.set(EMPTY_TERMINALS);
    api.listTerminals.mockResolvedValue([info('s2', { attached: true }), info('s3')]);
    await restoreSessions();
    expect(terminalsStore.get().tabs).toMatchObject([{ sessionId: 's2', status: 'connecting' }]);
    expect(terminalsStore.get().activeKey).toBe(terminalsStore.get().tabs[0]?.key);
    vi.unstubAllGlobals();
  });
});
