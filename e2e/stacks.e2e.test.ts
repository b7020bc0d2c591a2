import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, eventually } from '../packages/server/src/test-support/docker-cli.ts';
import { ROOT, type RunningConsole } from './support/console.ts';
import { openConsolePage } from './support/page.ts';

let app: RunningConsole;
let browser: Browser;
let page: Page;
let problems: string[];
let dataDir: string;

const STACK = 'e2estack';
const EDITOR = '[data-testid="compose-editor"][data-state="ready"] .monaco-editor';

/** Ids of the stack's containers, from the engine itself. */
async function stackContainers(): Promise<string[]> {
  return (await docker('ps', '-aq', '--no-trunc', '--filter', `label=com.docker.compose.project=${STACK}`)).split('\n').filter(Boolean);
}

async function cleanStack(): Promise<void> {
  const ids = await stackContainers();
  if (ids.length) await docker('rm', '-f', ...ids);
  const nets = (await docker('network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${STACK}`)).split('\n').filter(Boolean);
  if (nets.length) await docker('network', 'rm', ...nets);
}

/** Container nodes the Relations graph draws (Cytoscape registers itself on its canvas element). */
const graphHas = (id: string): Promise<boolean> =>
  page.evaluate<boolean>(
    `document.querySelector('[data-testid="relations-canvas"]')._cyreg.cy.getElementById(${JSON.stringify(`container:${id}`)}).length === 1`,
  );

/** The text of the editor's model as Monaco shows it, line by line (non-breaking spaces normalised). */
const editorText = async (): Promise<string> => (await page.locator(`${EDITOR} .view-lines`).innerText()).replace(/\u00a0/g, ' ');

beforeAll(async () => {
  await cleanStack();
  dataDir = mkdtempSync(join(tmpdir(), 'phedds-e2e-stacks-'));
  ({ app, browser, page, problems } = await openConsolePage({ args: ['--data-dir', dataDir] }));
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
  await page.waitForSelector('[data-testid="relations"][data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await cleanStack();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the Stacks view on a real engine', () => {
  it('opens in a quadrant beside the Relations pane, and the editor loads on demand', async () => {
    const before = await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('monaco-setup')));
    expect(before).toBe(false);
    await page.click('[data-testid="pane-switch"][data-slot="3"]');
    await page.click('[data-testid="pane-choice"][data-pane="stacks"]');
    await page.waitForSelector('[data-pane="stacks"]');
    await page.click('[data-testid="stack-new"]');
    await page.fill('[data-testid="stack-name"]', STACK);
    await page.waitForSelector(EDITOR);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('monaco-setup')))).toBe(true);
  });

  it('completes keys from the compose schema and marks a wrong one as it is typed', async () => {
    await page.click(`${EDITOR} .view-lines`);
    await page.keyboard.press('Control+End');
    await page.keyboard.type('web:');
    await page.keyboard.press('Enter');
    // An empty line inside a service: the schema offers the service's keys…
    await page.keyboard.press('Control+Space');
    const suggest = page.locator(`${EDITOR} .suggest-widget.visible`);
    await suggest.waitFor();
    await eventually(async () => /\bbuild\b[\s\S]*\bcommand\b/.test(await suggest.innerText()), 'the suggestions list the service keys');
    // …and narrows them as one types.
    await page.keyboard.type('imag');
    await eventually(async () => (await suggest.innerText()).split('\n').includes('image'), 'the suggestions narrow to "image"');
    await page.keyboard.press('Escape');
    await page.keyboard.type('ee');
    await page.keyboard.press('End');
    await page.keyboard.type(': busybox:local');
    // Typed keys reach the model a moment later on a busy machine.
    await expect.poll(editorText, { timeout: 10_000 }).toContain('imagee: busybox:local');
    // Marked in the text (monaco-yaml, in the browser) and listed with its line (the server).
    await page.waitForSelector(`${EDITOR} .squiggly-warning, ${EDITOR} .squiggly-error`);
    await eventually(
      async () =>
        /line 3\s*Unknown key "imagee" in services\.web\. Did you mean "image"\?/.test(
          await page.locator('[data-testid="stack-issues"]').innerText(),
        ),
      'the server names the unknown key on line 3',
    );
    expect(await page.locator('[data-testid="stack-deploy"]').isDisabled()).toBe(true);
    await page.screenshot({ path: `${ROOT}.test-results/e2e-stacks-error.png` });
  });

  it('deploys once fixed, and the Relations and Containers panes grow with the stack', async () => {
    // Fix the key: select the line and type it again, then add the rest of the service.
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('image: busybox:local');
    for (const line of ['command: sleep 600', 'init: true', 'labels: [phedds.test=1]']) {
      // Escape first, and again once a late completion list (a busy machine) had time to open:
      // Enter would otherwise accept the completion offered for the value just typed.
      await page.keyboard.press('Escape');
      await page.locator(`${EDITOR} .suggest-widget.visible`).waitFor({ state: 'hidden' });
      await page.waitForTimeout(200);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Enter');
      await page.keyboard.type(line);
    }
    await page.keyboard.press('Escape');
    await eventually(
      async () => (await page.locator('[data-testid="file-status"]').getAttribute('data-errors')) === '0',
      'no problem left',
    );
    expect(await editorText()).toBe(
      'services:\n  web:\n    image: busybox:local\n    command: sleep 600\n    init: true\n    labels: [phedds.test=1]',
    );
    const nodesBefore = (await stackContainers()).length;
    expect(nodesBefore).toBe(0);

    await page.click('[data-testid="stack-deploy"]');
    await page.waitForSelector('[data-testid="deploy-log"][data-state="succeeded"]', { timeout: 60_000 });
    const log = await page.locator('[data-testid="deploy-log"]').innerText();
    expect(log).toMatch(/created e2estack_web_1/);
    expect(log).toMatch(/started e2estack_web_1/);

    const ids = await stackContainers();
    expect(ids).toHaveLength(1);
    expect(await docker('inspect', '-f', '{{.State.Status}} {{index .Config.Labels "com.docker.compose.service"}}', ids[0]!)).toBe(
      'running web',
    );
    // The Relations pane draws the new container, live.
    await eventually(() => graphHas(ids[0]!), 'the Relations graph shows the stack’s container');
    // The Containers pane groups it under its project.
    await page.waitForSelector(`[data-testid="container-row"][data-name="${STACK}_web_1"][data-state="running"]`);
    await page.waitForSelector(`[data-testid="stack-item"][data-stack="${STACK}"][data-state="running"]`);
    await page.screenshot({ path: `${ROOT}.test-results/e2e-stacks-deployed.png` });
  });

  it('shows the stack full page, with its services, its kept version, and takes it down', async () => {
    await page.click('[data-testid="open-stacks"]');
    const overlay = page.locator('[data-testid="stacks-overlay"]');
    await overlay.waitFor();
    await overlay.locator(`[data-testid="stack-item"][data-stack="${STACK}"]`).click();
    await overlay.locator('[data-testid="stack-service"][data-service="web"]').waitFor();
    expect(await overlay.locator('[data-testid="service-count"]').innerText()).toBe('1/1 running');
    await overlay.locator('[data-testid="stack-tab-versions"]').click();
    await overlay.locator('[data-testid="stack-version"][data-version="1"]').waitFor();
    await page.screenshot({ path: `${ROOT}.test-results/e2e-stacks-overlay.png` });
    await overlay.locator('[data-testid="stack-tab-services"]').click();
    await overlay.locator('[data-testid="stack-down"]').click();
    await page.locator('[data-testid="confirm-yes"]').click();
    await overlay.locator(`[data-testid="stack-item"][data-stack="${STACK}"][data-state="down"]`).waitFor({ timeout: 30_000 });
    expect(await stackContainers()).toEqual([]);
    await page.click('[data-testid="close-stacks"]');
    await overlay.waitFor({ state: 'detached' });
  });

  it('renders without page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
