import type { LayoutsView } from '@phedds/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, eventually, removeTestContainers, TEST_LABEL } from '../packages/server/src/test-support/docker-cli.ts';
import { ROOT, type RunningConsole } from './support/console.ts';
import { openConsolePage } from './support/page.ts';

let app: RunningConsole;
let browser: Browser;
let page: Page;
let problems: string[];

const slot = (n: number): string => `.quadrant[data-slot="${n}"]`;
const paneAt = (n: number): Promise<string | null> => page.locator(slot(n)).getAttribute('data-pane-shown');

async function box(selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not on screen`);
  return b;
}

/** What the page shows, slot by slot. */
async function wall(): Promise<string[]> {
  return page.$$eval('.quadrant[data-slot]', (els) =>
    els
      .map((e) => [Number((e as HTMLElement).dataset.slot), (e as HTMLElement).dataset.paneShown ?? ''] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, p]) => p),
  );
}

async function layouts(): Promise<LayoutsView> {
  return (await app.api('GET', '/api/layouts')).json as unknown as LayoutsView;
}

async function openPage(): Promise<void> {
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
  await page.waitForSelector('.quadrant[data-slot="0"]');
}

beforeAll(async () => {
  await removeTestContainers();
  ({ app, browser, page, problems } = await openConsolePage());
  await openPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await removeTestContainers();
});

describe('layouts', () => {
  it('moves a pane by dragging its title bar, resizes with a divider, and keeps both after a reload', async () => {
    expect(await wall()).toEqual(['shell', 'containers', 'relations', 'resources']);
    await page.screenshot({ path: `${ROOT}.test-results/e2e-layout-normal.png` });

    // Resources' title onto the middle of the Shell pane: the two trade places.
    const from = await box('#pane-resources-title');
    const to = await box(slot(0));
    await page.mouse.move(from.x + 10, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 20, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
    await page.waitForSelector(`${slot(0)}[data-drop="swap"]`);
    await page.mouse.up();
    await eventually(async () => (await paneAt(0)) === 'resources', 'resources moved to the first slot');
    expect(await wall()).toEqual(['resources', 'containers', 'relations', 'shell']);

    // The divider between the two top panes, 240 px to the right.
    const divider = await box('[data-testid="divider"][data-kind="col"][data-row="0"]');
    await page.mouse.move(divider.x + divider.width / 2, divider.y + divider.height / 2);
    await page.mouse.down();
    await page.mouse.move(divider.x + divider.width / 2 + 240, divider.y + divider.height / 2, { steps: 8 });
    await page.mouse.up();
    const left = await box(slot(0));
    const right = await box(slot(1));
    expect(left.width - right.width).toBeGreaterThan(400);

    // Saved to the account: the server's copy has it.
    await eventually(async () => {
      const l = await layouts();
      const cells = l.layouts[0]?.layout.rows[0]?.cells;
      return cells?.[0]?.pane === 'resources' && (cells[0].width ?? 0) > 0.6;
    }, 'the layout reached the server');

    // Without this browser's copy: the server is the source.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
    await eventually(async () => (await paneAt(0)) === 'resources', 'the layout came back from the server');
    expect(await wall()).toEqual(['resources', 'containers', 'relations', 'shell']);
    const l2 = await box(slot(0));
    const r2 = await box(slot(1));
    expect(Math.abs(l2.width - left.width)).toBeLessThan(4);
    expect(Math.abs(r2.width - right.width)).toBeLessThan(4);
  });

  it('saves a second named layout, edits it, and switches with Alt+1 and Alt+2', async () => {
    await page.click('[data-testid="layout-menu"]');
    await page.click('[data-testid="layout-save-as"]');
    await page.fill('[data-testid="layout-name"]', 'Talk');
    await page.click('[data-testid="layout-name-ok"]');
    await page.waitForSelector('[data-testid="layout-active"]:text-is("Talk")');

    // In the new layout: another pane in the first slot, one closed, one added beside.
    await page.click(`[data-testid="pane-switch"][data-slot="0"]`);
    await page.click(`[data-testid="pane-choice"][data-pane="logs"]`);
    await page.waitForSelector(`${slot(0)}[data-pane-shown="logs"]`);
    await page.click(`[data-testid="pane-close"][data-slot="3"]`);
    await eventually(async () => (await wall()).length === 3, 'a pane closed');
    await page.click(`[data-testid="pane-switch"][data-slot="0"]`);
    await page.click(`[data-testid="pane-add"][data-pane="events"]`);
    await eventually(async () => (await wall()).join() === 'logs,events,containers,relations', 'events added beside logs');

    await page.keyboard.press('Alt+1');
    await page.waitForSelector('[data-testid="layout-active"]:text-is("Default")');
    expect(await wall()).toEqual(['resources', 'containers', 'relations', 'shell']);
    await page.keyboard.press('Alt+2');
    await page.waitForSelector('[data-testid="layout-active"]:text-is("Talk")');
    expect(await wall()).toEqual(['logs', 'events', 'containers', 'relations']);

    // ArrowDown on the button opens the menu on its first item; the arrow keys move between items.
    const focused = (): Promise<string | null | undefined> => page.evaluate(() => document.activeElement?.getAttribute('data-name'));
    await page.locator('[data-testid="layout-menu"]').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[data-testid="layout-choice"][data-name="Talk"] kbd').innerText()).toBe('Alt+2');
    await eventually(async () => (await focused()) === 'Default', 'the first layout focused');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Talk');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('Default');
    await page.keyboard.press('Escape');
    await eventually(async () => {
      const l = await layouts();
      return (
        l.active === 'Talk' &&
        l.layouts.map((x) => x.name).join() === 'Default,Talk' &&
        l.layouts[1]!.layout.rows.flatMap((r) => r.cells).length === 4
      );
    }, 'both layouts saved, Talk in use');
    await page.keyboard.press('Alt+1');
    await page.waitForSelector('[data-testid="layout-active"]:text-is("Default")');
  });

  it('maximises a pane and restores it: button, double-click on the title, Escape, Alt+0', async () => {
    const whole = await box('.wall-area');
    await page.click(`[data-testid="pane-maximise"][data-slot="1"]`);
    await page.waitForSelector('[data-testid="wall"][data-maximised="containers"]');
    const max = await box(slot(1));
    expect(max.width).toBeGreaterThan(whole.width - 2);
    expect(max.height).toBeGreaterThan(whole.height - 2);
    expect(await page.locator(slot(0)).isVisible()).toBe(false);
    await page.locator('#pane-containers-title').click();
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="wall"]:not([data-maximised])');
    expect(await page.locator(slot(0)).isVisible()).toBe(true);

    await page.locator('#pane-relations-title').dblclick();
    await page.waitForSelector('[data-testid="wall"][data-maximised="relations"]');
    await page.keyboard.press('Alt+0');
    await page.waitForSelector('[data-testid="wall"]:not([data-maximised])');
    await page.locator('#pane-relations-title').dblclick();
    await page.waitForSelector('[data-testid="wall"][data-maximised="relations"]');
    await page.locator('#pane-relations-title').dblclick();
    await page.waitForSelector('[data-testid="wall"]:not([data-maximised])');
  });

  it('presenter mode: large type, the top bar folded away, and a new container row lit', async () => {
    const normalFont = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    await page.click('[data-testid="presenter-toggle"]');
    await page.waitForSelector('html[data-presenter="on"]');
    expect(parseFloat(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize))).toBeGreaterThan(
      parseFloat(normalFont),
    );
    // Away from the top bar it folds into a strip at the top edge (the click on its button does not pin it).
    await page.mouse.move(800, 600);
    await eventually(async () => (await box('.topbar')).y < -10, 'the top bar folded away');

    await docker('run', '-d', '--name', 'e2e-layout-new', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    const row = '[data-testid="container-row"][data-name="e2e-layout-new"]';
    await page.waitForSelector(`${row}[data-recent="true"].is-recent`, { timeout: 5000 });
    const shadow = await page.locator(row).evaluate((el) => getComputedStyle(el).boxShadow);
    expect(shadow).not.toBe('none');
    await page.screenshot({ path: `${ROOT}.test-results/e2e-layout-presenter.png` });
    // The mark fades after a few seconds.
    await page.waitForSelector(`${row}:not([data-recent])`, { timeout: 12_000 });

    await eventually(async () => (await layouts()).presenter, 'presenter mode saved with the layouts');
    await page.reload();
    await page.waitForSelector('html[data-presenter="on"]');
    await page.keyboard.press('Alt+P');
    await page.waitForSelector('html[data-presenter="off"]');
    await eventually(async () => !(await layouts()).presenter, 'presenter mode off, saved');
  });

  it('refuses a malformed layout with a clear 400', async () => {
    const bad = await app.api('PUT', '/api/layouts/Broken', { layout: { version: 1, rows: [] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('bad_request');
    expect(bad.json.message).toContain('layout.rows');
    expect(Array.isArray(bad.json.details)).toBe(true);
  });

  it('renders without page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
