import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, eventually, removeTestContainers, TEST_LABEL } from '../packages/server/src/test-support/docker-cli.ts';
import { launchBrowser, watchCsp, watchProblems } from './support/browser.ts';
import { startConsole, type RunningConsole } from './support/console.ts';

/**
 * Accounts as a person meets them: the first admin made through the printed link, sign-in and
 * sign-out, a viewer who sees no buttons it cannot use and is signed out when disabled, and
 * hostile text in names, labels and logs rendered as text.
 */
let app: RunningConsole;
let browser: Browser;
let page: Page;
let problems: string[];
const ADMIN = { username: 'chief', password: 'chief of the console 1' };
const VIEWER = { username: 'watcher', password: 'only watching here 2' };
const XSS = `<img src=x onerror="window.__pwned=1">"><script>window.__pwned=2</script>`;

async function signInThroughPage(p: Page, who: { username: string; password: string }): Promise<void> {
  await p.fill('[data-testid="login-username"]', who.username);
  await p.fill('[data-testid="login-password"]', who.password);
  await p.click('[data-testid="login-submit"]');
}

beforeAll(async () => {
  await removeTestContainers();
  app = await startConsole([], { setup: false });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  problems = watchProblems(page);
  await watchCsp(page);
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await removeTestContainers();
});

describe('accounts in the browser', () => {
  it('shows only the first-run page until the first admin is made with the printed link', async () => {
    expect(app.setupLink).toMatch(/\/setup#token=/);
    await page.goto(app.url);
    await page.waitForSelector('[data-testid="setup-token"]');
    expect(await page.locator('[data-testid="engine-pill"]').count()).toBe(0);

    await page.goto(app.setupLink!);
    expect(await page.inputValue('[data-testid="setup-token"]')).not.toBe('');
    await page.fill('[data-testid="setup-username"]', ADMIN.username);
    await page.fill('[data-testid="setup-password"]', ADMIN.password);
    await page.fill('[data-testid="setup-confirm"]', ADMIN.password);
    await page.click('[data-testid="setup-submit"]');
    await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
    // The token left the address bar, and setup is closed for good.
    expect(page.url()).not.toContain('token=');
    const again = await fetch(`${app.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ token: 'anything', username: 'second', password: 'second admin pass 3' }),
    });
    expect(again.status).toBe(409);
    expect(await page.locator('[data-testid="account-menu"]').innerText()).toMatch(/chief[\s\S]*admin/i);
  });

  it('signs out, refuses a wrong password with a readable message, and signs back in', async () => {
    await page.click('[data-testid="account-menu"]');
    await page.click('[data-testid="account-signout"]');
    await page.waitForSelector('[data-testid="login-username"]');
    await signInThroughPage(page, { username: ADMIN.username, password: 'not the password' });
    const error = page.locator('[data-testid="login-error"]');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/wrong username or password/i);
    await signInThroughPage(page, ADMIN);
    await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
  });

  it('lets the admin create a viewer, who sees the panes but no button it may not press', async () => {
    await page.click('[data-testid="account-menu"]');
    await page.click('[data-testid="account-admin"]');
    await page.waitForSelector('[data-testid="users-view"]');
    await page.fill('[data-testid="new-user-name"]', VIEWER.username);
    await page.fill('[data-testid="new-user-password"]', VIEWER.password);
    await page.selectOption('[data-testid="new-user-role"]', 'viewer');
    await page.click('[data-testid="new-user-submit"]');
    await page.waitForSelector(`[data-testid="user-row-${VIEWER.username}"]`);

    await docker('run', '-d', '--name', 'e2e-acct', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    const viewerPage = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const viewerProblems = watchProblems(viewerPage);
    try {
      await viewerPage.goto(app.url);
      await signInThroughPage(viewerPage, VIEWER);
      const row = '[data-testid="container-row"][data-name="e2e-acct"]';
      await viewerPage.waitForSelector(`${row}[data-state="running"]`);
      expect(await viewerPage.locator(`${row} button[data-action]`).count()).toBe(0);
      await viewerPage.waitForSelector('[data-testid="shell-not-allowed"]');
      expect(await viewerPage.locator('[data-testid="new-host-shell"]').count()).toBe(0);
      expect(await viewerPage.locator('[data-testid="account-menu"]').innerText()).toMatch(/viewer/i);

      // The admin disables the viewer: their page is back at the sign-in within seconds.
      await page.click(`[data-testid="user-toggle-${VIEWER.username}"]`);
      await viewerPage.waitForSelector('[data-testid="login-username"]', { timeout: 5000 });
      await signInThroughPage(viewerPage, VIEWER);
      await viewerPage.locator('[data-testid="login-error"]').waitFor();
      expect(await viewerPage.locator('[data-testid="login-error"]').innerText()).toMatch(/disabled|wrong/i);
      expect(viewerProblems.filter((p) => !/WebSocket|401|403/i.test(p))).toEqual([]);
    } finally {
      await viewerPage.close();
    }
  });

  it('renders hostile labels, environment values and log lines as text: no script runs, no CSP violation', async () => {
    await page.goto(app.url);
    await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
    await docker(
      'run',
      '-d',
      '--name',
      'e2e-xss',
      '--label',
      TEST_LABEL,
      '--label',
      `evil=${XSS}`,
      '--env',
      `EVIL=${XSS}`,
      'busybox:local',
      'sh',
      '-c',
      `echo '${XSS}'; sleep 600`,
    );
    const row = '[data-testid="container-row"][data-name="e2e-xss"]';
    await page.waitForSelector(`${row}[data-state="running"]`);
    await page.locator(`${row} .row-name`).click();
    for (const [slot, pane] of [
      [3, 'inspect'],
      [2, 'logs'],
    ] as const) {
      await page.click(`[data-testid="pane-switch"][data-slot="${slot}"]`);
      await page.click(`[data-testid="pane-choice"][data-pane="${pane}"]`);
      await page.waitForSelector(`.quadrant[data-slot="${slot}"][data-pane-shown="${pane}"]`);
    }
    await page.locator('[data-testid="inspect-pane"]', { hasText: 'onerror' }).waitFor();
    await eventually(async () => (await page.locator('[data-testid="logs-pane"]').innerText()).includes('<script>'), 'the log line shown');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('[data-testid="inspect-pane"] img, [data-testid="logs-pane"] img').count()).toBe(0);
    expect(problems.filter((p) => !/WebSocket/i.test(p))).toEqual([]);
  });
});
