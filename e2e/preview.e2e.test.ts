import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, dockerHost, eventually } from '../packages/server/src/test-support/docker-cli.ts';
import { ROOT, type RunningConsole } from './support/console.ts';
import { openConsolePage } from './support/page.ts';

const run = promisify(execFile);

let app: RunningConsole;
let browser: Browser;
let page: Page;
let problems: string[];

/** Ports of their own, so a demo someone runs on this machine (8080–8083) is left alone. */
const PORT_BASE = 18690;

/** The demo application through its own script, as `npm run demo` starts it (it builds the balancer). */
function demoApp(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('bash', [`${ROOT}scripts/demo-app.sh`, ...args], {
    env: { ...process.env, DOCKER_HOST: dockerHost(), PHEDDS_DEMO_PORT_BASE: String(PORT_BASE) },
    maxBuffer: 16 << 20,
    timeout: 240_000,
  });
}

beforeAll(async () => {
  await demoApp('down');
  await demoApp('up', '--wait');
  ({ app, browser, page, problems } = await openConsolePage());
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await demoApp('down');
});

describe('the Web preview pane on the demo’s load-balanced tier', () => {
  it('the demo runs a balancer in front of three web containers', async () => {
    const { stdout } = await demoApp('status');
    expect(stdout).toMatch(/phedds-demo-lb-1\s+phedds\/balancer:local\s+Up .*\(healthy\)/);
    for (const n of [1, 2, 3]) expect(stdout).toContain(`phedds-demo-web-${n}`);
  });

  it('frames the balancer’s port, sandboxed, and shows at least two back ends answering', async () => {
    await page.click('[data-testid="pane-switch"][data-slot="3"]');
    await page.click('[data-testid="pane-choice"][data-pane="preview"]');
    // Nothing selected: it picks the balancer.
    await page.waitForSelector('[data-testid="preview-pane"][data-target="phedds-demo-lb-1"]');
    await page.selectOption('[data-testid="preview-interval"]', '1000');

    const frame = page.locator('[data-testid="preview-frame"]');
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts allow-forms');
    await eventually(
      async () => (await frame.getAttribute('src')) === `http://127.0.0.1:${PORT_BASE}/`,
      'the frame points at the balancer',
    );
    expect(await frame.getAttribute('credentialless')).toBe('');
    // The framed page is the demo's own, served by one of the web containers.
    await eventually(
      async () =>
        /Served by phedds-demo-web-\d/.test(
          (await page
            .frameLocator('[data-testid="preview-frame"]')
            .locator('body')
            .innerText()
            .catch(() => '')) ?? '',
        ),
      'the demo page in the frame',
    );

    await eventually(async () => {
      const backends = await page
        .locator('[data-testid="preview-result"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-backend')));
      return new Set(backends.filter(Boolean)).size >= 2;
    }, 'two different back ends in the strip');
    const backends = await page
      .locator('[data-testid="preview-result"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-backend') ?? ''));
    for (const b of backends.filter(Boolean)) expect(b).toMatch(/^phedds-demo-web-[123]$/);
    expect(await page.locator('[data-testid="preview-tally"]').innerText()).toMatch(/web-\d ×\d+/);
  });

  it('shows a stopped back end leaving the rotation', async () => {
    await docker('stop', '-t', '1', 'phedds-demo-web-2');
    const count = await page.locator('[data-testid="preview-result"]').count();
    // New answers after the stop (the strip keeps the last 24): web-2 is no longer among them.
    await eventually(async () => {
      const all = await page
        .locator('[data-testid="preview-result"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-backend') ?? ''));
      const fresh = all.slice(Math.min(count, all.length - 4));
      return fresh.length >= 4 && !fresh.includes('phedds-demo-web-2') && new Set(fresh.filter(Boolean)).size >= 2;
    }, 'four answers in a row from the other back ends');
    await docker('start', 'phedds-demo-web-2');
  });

  it('renders without page errors or CSP violations', async () => {
    await page.screenshot({ path: `${ROOT}.test-results/e2e-preview.png` });
    expect(problems).toEqual([]);
  });
});
