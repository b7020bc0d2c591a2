import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, eventually, removeTestContainers, TEST_LABEL } from '../packages/server/src/test-support/docker-cli.ts';
import { ROOT, type RunningConsole } from './support/console.ts';
import { openConsolePage } from './support/page.ts';

let app: RunningConsole;
let browser: Browser;
let page: Page;
let problems: string[];

const NET = 'e2e-details-net';
const row = (name: string): string => `[data-testid="container-row"][data-name="${name}"]`;

async function showPane(slot: number, pane: string): Promise<void> {
  await page.click(`[data-testid="pane-switch"][data-slot="${slot}"]`);
  await page.click(`[data-testid="pane-choice"][data-pane="${pane}"]`);
  await page.waitForSelector(`.quadrant[data-slot="${slot}"][data-pane-shown="${pane}"]`);
}

async function select(name: string): Promise<void> {
  await page.locator(`${row(name)} .row-name`).click();
  await page.waitForSelector(`${row(name)}[data-selected="true"]`);
}

beforeAll(async () => {
  await removeTestContainers();
  await docker('network', 'rm', NET).catch(() => undefined);
  ({ app, browser, page, problems } = await openConsolePage());
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
  await docker(
    'run',
    '-d',
    '--name',
    'e2e-details',
    '--label',
    TEST_LABEL,
    '--env',
    'API_TOKEN=not-for-the-audience',
    'busybox:local',
    'sleep',
    '600',
  );
  await page.waitForSelector(`${row('e2e-details')}[data-state="running"]`);
  await select('e2e-details');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await removeTestContainers();
  await docker('network', 'rm', NET).catch(() => undefined);
});

describe('the Events pane', () => {
  it('shows a docker network create as it happens, and links to the network', async () => {
    await showPane(2, 'events');
    await page.waitForSelector('[data-testid="events-pane"]');
    await docker('network', 'create', '--label', TEST_LABEL, NET);
    const ev = page.locator(`[data-testid="event-row"][data-type="network"][data-action="create"][data-name="${NET}"]`);
    await ev.waitFor();
    expect(await ev.innerText()).toContain('driver bridge');
    // Filtering by type hides it; the link opens the network in the Inspect pane.
    await page.click('[data-testid="events-type"][data-type="network"]');
    await eventually(async () => (await ev.count()) === 0, 'network events hidden');
    await page.click('[data-testid="events-type"][data-type="network"]');
    await showPane(3, 'inspect');
    await ev.locator('button.ev-obj').click();
    await page.locator('[data-testid="inspect-pane"]', { hasText: 'Subnets' }).waitFor();
    expect(await page.locator('[data-testid="inspect-pane"]').innerText()).toContain(NET);
  });
});

describe('the details panes follow the selected container', () => {
  it('inspect: readable, secrets masked until asked, raw JSON on demand', async () => {
    await page.click('[data-testid="inspect-back"]');
    const pane = page.locator('[data-testid="inspect-pane"]');
    await pane.locator('.kv dt', { hasText: 'Image' }).waitFor();
    const text = await pane.innerText();
    expect(text).toContain('busybox:local');
    expect(text).toContain('API_TOKEN=••••••');
    expect(text).not.toContain('not-for-the-audience');
    await page.click('[data-testid="inspect-raw-toggle"]');
    const id = await docker('inspect', '-f', '{{.Id}}', 'e2e-details');
    await page.locator('[data-testid="inspect-raw"]', { hasText: `"Id": "${id}"` }).waitFor();
    await page.click('[data-testid="inspect-raw-toggle"]');
  });

  it('processes: the container’s ps, refreshed', async () => {
    await showPane(1, 'processes');
    await page.locator('[data-testid="processes-table"] td', { hasText: 'sleep 600' }).waitFor();
    await docker('exec', '-d', 'e2e-details', 'sh', '-c', 'exec sleep 777');
    await page.locator('[data-testid="processes-table"] td', { hasText: 'sleep 777' }).waitFor();
  });

  it('diff: a file created with docker exec appears in the tree, marked added', async () => {
    await showPane(0, 'diff');
    // The exec of the processes test changed nothing on disk yet: the pane says so.
    await page.locator('[data-testid="diff-pane"]', { hasText: 'has not changed any file' }).waitFor();
    await docker('exec', 'e2e-details', 'sh', '-c', 'mkdir -p /srv/e2e && echo made > /srv/e2e/made-by-exec.txt && rm /bin/vi');
    await page.waitForSelector('[data-testid="diff-row"][data-path="/srv/e2e/made-by-exec.txt"][data-kind="added"]');
    await page.waitForSelector('[data-testid="diff-row"][data-path="/bin/vi"][data-kind="deleted"]');
    // Folders collapse.
    await page.click('[data-testid="diff-row"][data-path="/srv"] button');
    await eventually(
      async () => (await page.locator('[data-testid="diff-row"][data-path="/srv/e2e/made-by-exec.txt"]').count()) === 0,
      'collapsed',
    );
  });

  it('say so when the container is stopped', async () => {
    await docker('stop', '-t', '0', 'e2e-details');
    await page.locator('[data-testid="processes-pane"]', { hasText: 'is exited: it has no processes' }).waitFor();
    await page.screenshot({ path: `${ROOT}.test-results/e2e-details.png` });
    expect(problems).toEqual([]);
  });
});
