import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { docker, eventually, removeTestContainers } from '../packages/server/src/test-support/docker-cli.ts';
import { watchCsp, watchProblems } from './support/browser.ts';
import { ROOT, startConsole, type RunningConsole } from './support/console.ts';
import { openConsolePage } from './support/page.ts';
import { startCutProxy, type CutProxy } from './support/cut-proxy.ts';
import { ACTIVE_TERMINAL, focusTerminal, screenText, tabSelector, typeLine, waitForScreen } from './support/terminal.ts';

let app: RunningConsole;
let browser: Browser;
let page: Page;
let problems: string[];

const row = (name: string): string => `[data-testid="container-row"][data-name="${name}"]`;

let asked = 0;

/** The process's own idea of its terminal size; each answer is tagged so old ones never match. */
async function sttySize(): Promise<{ rows: number; cols: number }> {
  const tag = `SZ${++asked}`;
  await typeLine(page, `echo ${tag}=$(stty size | tr ' ' x)=`);
  const m = new RegExp(`${tag}=(\\d+)x(\\d+)=`).exec(await waitForScreen(page, new RegExp(`${tag}=\\d+x\\d+=`)))!;
  return { rows: Number(m[1]), cols: Number(m[2]) };
}

/** Rows xterm.js draws in the active terminal. */
const drawnRows = (): Promise<number> => page.locator(`${ACTIVE_TERMINAL} .xterm-rows > div`).count();

beforeAll(async () => {
  await removeTestContainers();
  ({ app, browser, page, problems } = await openConsolePage({ permissions: ['clipboard-read', 'clipboard-write'] }));
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await removeTestContainers();
});

describe('the Shell pane on a real engine', () => {
  it('opens a host shell where docker runs against the console’s engine', async () => {
    await page.click('[data-testid="new-host-shell"]');
    await page.waitForSelector(`${tabSelector('host')}[data-status="open"]`);
    expect(await page.locator(ACTIVE_TERMINAL).getAttribute('data-session-id')).toMatch(/^[0-9a-f-]{36}$/);
    await typeLine(page, 'docker run -d --name shell-made --label phedds.test=1 busybox:local sleep 600');
    await page.waitForSelector(`${row('shell-made')}[data-state="running"]`);
    expect(await docker('inspect', '-f', '{{.State.Status}}', 'shell-made')).toBe('running');
  });

  it('execs into the container from its row and runs commands inside it', async () => {
    const id = await docker('inspect', '-f', '{{.Id}}', 'shell-made');
    await page.locator(`${row('shell-made')} [data-action="exec"]`).click();
    await page.waitForSelector(`${tabSelector('exec', 'shell-made')}[data-status="open"]`);
    await typeLine(page, 'hostname');
    await waitForScreen(page, new RegExp(`^${id.slice(0, 12)}$`, 'm'));
  });

  it('follows the pane’s size: the process sees the new size after the window changes', async () => {
    const before = await sttySize();
    expect(before.rows).toBe(await drawnRows());
    await page.setViewportSize({ width: 1200, height: 760 });
    await eventually(async () => (await drawnRows()) !== before.rows, 'the terminal refitted');
    let after = before;
    await eventually(async () => {
      after = await sttySize();
      return after.rows !== before.rows && after.cols !== before.cols;
    }, 'stty size changed');
    expect(after.rows).toBe(await drawnRows());
    expect(after.cols).toBeLessThan(before.cols);
    await page.setViewportSize({ width: 1600, height: 900 });
  });

  it('shows the engine’s refusal in the tab when the command cannot run', async () => {
    await page.click('[data-testid="exec-menu"]');
    await page.fill('[data-testid="exec-command"]', '/no/such/program');
    await page.click('[data-testid="exec-target"][data-name="shell-made"]');
    await page.waitForSelector(tabSelector('exec', '/no/such/program'));
    const text = await waitForScreen(page, /exited with code \d+/);
    expect(text).toMatch(/no such file|not found/i);
    await page.locator(`${tabSelector('exec', '/no/such/program')} [data-testid="terminal-close"]`).click();
  });

  it('ends the exec process when its tab is closed', async () => {
    const shells = async (): Promise<string[]> =>
      (await docker('top', 'shell-made', '-o', 'pid,args'))
        .split('\n')
        .slice(1)
        .filter((l) => /\s(\/bin\/)?(ba)?sh(\s|$)/.test(l));
    expect(await shells()).not.toEqual([]);
    await page.locator(`${tabSelector('exec', 'shell-made')} [data-testid="terminal-close"]`).click();
    await page.waitForSelector(tabSelector('exec'), { state: 'detached' });
    await eventually(async () => (await shells()).length === 0, 'no exec shell left in shell-made', 5000);
    // The host shell is the active tab again.
    await page.waitForSelector(`${tabSelector('host')} [aria-selected="true"]`);
  });

  it('refuses a terminal socket opened from another site', async () => {
    const id = await page.locator(ACTIVE_TERMINAL).getAttribute('data-session-id');
    const url = `${app.url.replace(/^http/, 'ws')}/api/terminals/${id}/attach`;
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url, { origin: 'http://evil.test' });
      ws.on('unexpected-response', (req, res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      ws.on('open', () => {
        ws.close();
        reject(new Error('a cross-origin upgrade was accepted'));
      });
      ws.on('error', (err) => reject(err));
    });
    expect(status).toBe(403);
    // The refused socket did not take the session over.
    await typeLine(page, 'echo STILL-$((20+1))');
    await waitForScreen(page, /^STILL-21/m);
    expect(await page.locator(tabSelector('host')).getAttribute('data-status')).toBe('open');
  });

  it('pastes as text: a pasted end-of-paste marker cannot make the rest run', async () => {
    await page.locator(`${ACTIVE_TERMINAL} .xterm-helper-textarea`).evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'echo SAFE-$((2+3))\x1b[201~\necho INJECTED-$((6*7))\n');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    // bash shows the pasted text, and runs none of it until Enter.
    await waitForScreen(page, /INJECTED-\$\(\(6\*7\)\)/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await screenText(page)).not.toMatch(/INJECTED-42|^SAFE-5/m);
    await focusTerminal(page);
    await page.keyboard.press('Control+C');
  });

  it('copies the selection with Ctrl+Shift+C and pastes with Ctrl+Shift+V', async () => {
    await typeLine(page, 'echo COPY-$((6+6))');
    await waitForScreen(page, /^COPY-12/m);
    // A double click on the word selects it, as in any terminal.
    await page
      .locator(`${ACTIVE_TERMINAL} .xterm-rows > div`, { hasText: /^COPY-12/ })
      .last()
      .dblclick({ force: true, position: { x: 20, y: 5 } });
    await page.keyboard.press('Control+Shift+C');
    await eventually(
      async () => (await page.evaluate(() => navigator.clipboard.readText())) === 'COPY-12',
      'the selection is in the clipboard',
    );
    await page.evaluate(() => navigator.clipboard.writeText('echo PASTE-$((7+7))'));
    await focusTerminal(page);
    await page.keyboard.press('Control+Shift+V');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^PASTE-14/m);
  });

  it('comes back after a reload with the same session, its output replayed once', async () => {
    await typeLine(page, 'clear; echo MARK-$((40+2))');
    await waitForScreen(page, /^MARK-42/m);
    const id = await page.locator(ACTIVE_TERMINAL).getAttribute('data-session-id');
    await page.reload();
    await page.waitForSelector(`${tabSelector('host')}[data-status="open"][data-session-id="${id}"]`);
    const text = await waitForScreen(page, /^MARK-42/m);
    expect(text.match(/^MARK-42/gm)).toHaveLength(1);
    await typeLine(page, 'echo AGAIN-$((1+1))');
    await waitForScreen(page, /^AGAIN-2/m);
  });

  it('renders without page errors or CSP violations, and looks right', async () => {
    await page.locator(`${row('shell-made')} [data-action="exec"]`).click();
    await page.waitForSelector(`${tabSelector('exec', 'shell-made')}[data-status="open"]`);
    await typeLine(page, 'ps');
    await waitForScreen(page, /sleep 600/);
    await page.screenshot({ path: `${ROOT}.test-results/e2e-shell.png` });
    expect(problems).toEqual([]);
  });
});

describe('when the connection drops', () => {
  let proxy: CutProxy;
  let other: Page;
  let seen: string[];

  beforeAll(async () => {
    proxy = await startCutProxy(app.url);
    other = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    seen = watchProblems(other);
    await watchCsp(other);
    await app.signIn(other);
    await other.goto(proxy.url);
    await other.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
  });

  afterAll(async () => {
    await other?.close();
    await proxy?.close();
  });

  it('says reconnecting…, then re-attaches to the same session and shows its output once', async () => {
    await other.click('[data-testid="new-host-shell"]');
    await other.waitForSelector(`${tabSelector('host')}[data-status="open"]`);
    const id = await other.locator(ACTIVE_TERMINAL).getAttribute('data-session-id');
    await typeLine(other, 'clear; echo BEFORE-$((30+3))');
    await waitForScreen(other, /^BEFORE-33/m);
    proxy.cut();
    await other.waitForSelector(`${tabSelector('host')}[data-status="reconnecting"]`);
    await new Promise((r) => setTimeout(r, 1500));
    proxy.resume();
    await other.waitForSelector(`${tabSelector('host')}[data-status="open"][data-session-id="${id}"]`);
    expect((await waitForScreen(other, /^BEFORE-33/m)).match(/^BEFORE-33/gm)).toHaveLength(1);
    await typeLine(other, 'echo AFTER-$((3+4))');
    await waitForScreen(other, /^AFTER-7/m);
  });

  it('says so in plain words when the session ended meanwhile', async () => {
    const id = await other.locator(ACTIVE_TERMINAL).getAttribute('data-session-id');
    proxy.cut();
    await other.waitForSelector(`${tabSelector('host')}[data-status="reconnecting"]`);
    expect((await app.api('DELETE', `/api/terminals/${id}`)).status).toBe(200);
    proxy.resume();
    await other.waitForSelector(`${tabSelector('host')}[data-status="ended"]`);
    expect(await screenText(other)).toMatch(/This session is over/);
    // Only the browser's own notes about the dropped sockets; nothing from the page itself.
    expect(seen.filter((p) => !/WebSocket/i.test(p))).toEqual([]);
  });
});

describe('a console started with --no-host-shell', () => {
  it('says so in the tab instead of showing a blank terminal', async () => {
    const locked = await startConsole(['--no-host-shell']);
    const other = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const seen = watchProblems(other);
    try {
      await locked.signIn(other);
      await other.goto(locked.url);
      await other.click('[data-testid="new-host-shell"]');
      await other.waitForSelector(`${tabSelector('host')}[data-status="failed"]`);
      expect(await other.locator('[data-testid="terminal-error"]').innerText()).toMatch(/host shell is turned off/i);
      expect(seen).toEqual([]);
    } finally {
      await other.close();
      await locked.stop();
    }
  });
});
