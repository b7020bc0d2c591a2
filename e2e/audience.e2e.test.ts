import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, removeTestContainers, TEST_LABEL } from '../packages/server/src/test-support/docker-cli.ts';
import { watchCsp, watchProblems } from './support/browser.ts';
import type { RunningConsole } from './support/console.ts';
import { openConsolePage } from './support/page.ts';

/** The audience view: a share link made in the Administration panel, opened in another browser. */
let app: RunningConsole;
let browser: Browser;
let page: Page;
let link: string;

beforeAll(async () => {
  await removeTestContainers();
  ({ app, browser, page } = await openConsolePage());
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await removeTestContainers();
});

describe('audience share links', () => {
  it('are made in the Administration panel, the link shown once', async () => {
    await page.click('[data-testid="account-menu"]');
    await page.click('[data-testid="account-admin"]');
    await page.click('[data-testid="admin-tab-shares"]');
    await page.fill('[data-testid="share-label"]', 'Keynote demo');
    await page.click('[data-testid="share-submit"]');
    link = await page.locator('[data-testid="share-link"]').innerText();
    expect(link).toMatch(/\/watch#share=/);
    await page.locator('[data-testid^="share-row-"][data-status="active"]').waitFor();
  });

  it('shows the chosen panes live, with no control, and the server refuses an action the page tries', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const audience = await context.newPage();
    const problems = watchProblems(audience);
    await watchCsp(audience);
    try {
      await audience.goto(link);
      await audience.waitForSelector('[data-testid="audience-view"][data-panes="4"]');
      expect(audience.url()).not.toContain('share=');
      expect(await audience.locator('.audience-title').innerText()).toBe('Keynote demo');
      await docker('run', '-d', '--name', 'e2e-audience', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
      const row = '[data-testid="container-row"][data-name="e2e-audience"]';
      await audience.waitForSelector(`${row}[data-state="running"]`);
      expect(await audience.locator(`${row} button[data-action]`).count()).toBe(0);
      expect(
        await audience.locator('[data-testid="account-menu"], [data-testid="pane-switch"], [data-testid="new-host-shell"]').count(),
      ).toBe(0);
      // Not only hidden: the server refuses what the page might still try.
      const status = await audience.evaluate(async () => {
        const r = await fetch('/api/containers/e2e-audience/stop', { method: 'POST' });
        return r.status;
      });
      expect(status).toBe(403);
      expect(await docker('inspect', '-f', '{{.State.Status}}', 'e2e-audience')).toBe('running');

      // The presenter's shell, mirrored: what is typed there shows here; what is typed here goes nowhere.
      await page.click('[data-testid="admin-panel"] button:has-text("Close")');
      await page.click('[data-testid="new-host-shell"]');
      await page.waitForSelector('[data-testid="terminal-tab"][data-status="open"]');
      await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
      await page.keyboard.type('echo PRESENTER-$((6*7))\n');
      const mirror = audience.locator('[data-testid="mirror-terminal"][data-state="open"] .xterm-rows');
      await mirror.getByText('PRESENTER-42').first().waitFor();
      await audience.locator('[data-testid="mirror-terminal"]').click();
      await audience.keyboard.type('echo AUDIENCE-$((1+1))\n');
      await page.keyboard.type('echo AFTER-$((2+3))\n');
      await mirror.getByText('AFTER-5').first().waitFor();
      expect(await mirror.innerText()).not.toContain('AUDIENCE-2');
      expect(await page.locator('[data-testid="terminal"] .xterm-rows').innerText()).not.toContain('AUDIENCE');

      // Revoked: the audience is cut off and told so.
      await page.click('[data-testid="account-menu"]');
      await page.click('[data-testid="account-admin"]');
      await page.click('[data-testid="admin-tab-shares"]');
      await page.click('[data-testid="share-revoke"]');
      await audience.waitForSelector('[data-testid="login-username"]', { timeout: 10_000 });
      expect(problems.filter((p) => !/WebSocket|401|403/i.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses an expired link with a readable message', async () => {
    const made = await app.api('POST', '/api/shares', { label: 'Gone soon', panes: ['containers'], hours: 0.0003 });
    expect(made.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    const context = await browser.newContext();
    const audience = await context.newPage();
    try {
      await audience.goto(app.url + (made.json.link as string));
      await audience.waitForSelector('[data-testid="login-username"]');
      expect(await audience.locator('body').innerText()).toMatch(/expired or was revoked/);
    } finally {
      await context.close();
    }
  });
});
