import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, eventually, removeTestContainers, TEST_LABEL } from '../packages/server/src/test-support/docker-cli.ts';
import { ROOT, type RunningConsole } from './support/console.ts';
import { openConsolePage } from './support/page.ts';

let app: RunningConsole;
let browser: Browser;
let page: Page;
let problems: string[];

const resRow = (name: string): string => `[data-testid="resources-row"][data-name="${name}"]`;
const firstRowName = (): Promise<string | null> => page.locator('[data-testid="resources-row"]').first().getAttribute('data-name');

beforeAll(async () => {
  await removeTestContainers();
  for (const name of ['e2e-idle-1', 'e2e-idle-2', 'e2e-idle-3'])
    await docker('run', '-d', '--name', name, '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
  ({ app, browser, page, problems } = await openConsolePage());
  await page.goto(app.url);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await removeTestContainers();
});

describe('the Resources pane on a real engine', () => {
  it('lists the running containers with their figures', async () => {
    for (const name of ['e2e-idle-1', 'e2e-idle-2', 'e2e-idle-3']) await page.waitForSelector(resRow(name));
    await page.waitForSelector('[data-testid="resources-cpu-chart"] canvas');
    await page.waitForSelector('[data-testid="resources-mem-chart"] canvas');
    expect(await page.locator('[data-testid="resources-meta"]').innerText()).toMatch(/3 running/);
    // Memory is known from the first sweep: no row keeps a dash there.
    await eventually(async () => !(await page.locator(`${resRow('e2e-idle-1')} .c-mem .num`).innerText()).includes('—'), 'memory shown');
  });

  it('puts a container that starts burning CPU at the top, within a few seconds', async () => {
    await docker('run', '-d', '--name', 'e2e-spin', '--label', TEST_LABEL, 'busybox:local', 'sh', '-c', 'while :; do :; done');
    // The deadline guards against a hang; the benchmark, not this test, is about speed.
    // Named to sort after the idle ones by name: only its CPU can put it first.
    await eventually(
      async () => (await firstRowName()) === 'e2e-spin' && Number(await page.locator(resRow('e2e-spin')).getAttribute('data-cpu')) > 5,
      'e2e-spin first in the CPU-sorted table, with its CPU shown',
      30_000,
    );
  });

  it('sorts by another column when its header is clicked', async () => {
    await page.locator('[data-testid="resources-row"]').first().waitFor();
    await page.click('button[data-sort="name"]');
    await eventually(async () => (await firstRowName()) === 'e2e-idle-1', 'alphabetical order puts e2e-idle-1 first');
    const names = await page.locator('[data-testid="resources-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(names).toEqual([...names].sort());
    await page.click('button[data-sort="cpu"]');
  });

  it('shares the selection with the Containers pane, and opens one container’s charts on click', async () => {
    // Selected in the Containers pane → highlighted here.
    await page.locator('[data-testid="container-row"][data-name="e2e-idle-2"]').click();
    await page.waitForSelector(`${resRow('e2e-idle-2')}[data-selected="true"]`);
    // Clicked here → selected there, and its four charts shown.
    await page.locator(resRow('e2e-spin')).click();
    await page.waitForSelector('[data-testid="container-row"][data-name="e2e-spin"][data-selected="true"]');
    await page.waitForSelector('[data-testid="resources-focus"][data-name="e2e-spin"]');
    expect(await page.locator('[data-testid="resources-focus"] canvas').count()).toBe(4);
    await page.screenshot({ path: `${ROOT}.test-results/e2e-resources-focus.png` });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="resources-focus"]', { state: 'detached' });
  });

  it('drops a removed container from the table', async () => {
    const id = await docker('inspect', '-f', '{{.Id}}', 'e2e-idle-3');
    await page.waitForSelector(`[data-testid="resources-row"][data-id="${id}"]`);
    await docker('rm', '-f', 'e2e-idle-3');
    // By id: once removed, the container has no name to show any more.
    await page.waitForSelector(`[data-testid="resources-row"][data-id="${id}"]`, { state: 'detached' });
    await eventually(async () => (await page.locator('[data-testid="resources-row"]').count()) === 3, 'three rows left');
  });

  it('renders without page errors or CSP violations', async () => {
    await page.screenshot({ path: `${ROOT}.test-results/e2e-resources.png` });
    expect(problems).toEqual([]);
  });
});
