import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, eventually, removeTestContainers, TEST_LABEL } from '../packages/server/src/test-support/docker-cli.ts';
import { ROOT, type RunningConsole } from './support/console.ts';
import { openConsolePage } from './support/page.ts';

let app: RunningConsole;
let browser: Browser;
let page: Page;
let problems: string[];

const row = (name: string): string => `[data-testid="container-row"][data-name="${name}"]`;

beforeAll(async () => {
  await removeTestContainers();
  ({ app, browser, page, problems } = await openConsolePage());
  await page.goto(app.url);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await removeTestContainers();
});

describe('the Phedds page on a real engine', () => {
  it('shows the engine up and the four quadrants, empty ones saying what will live there', async () => {
    await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
    const text = await page.locator('body').innerText();
    for (const quadrant of ['Shell', 'Containers', 'Relations', 'Resources']) expect(text).toContain(quadrant);
    expect(await page.locator('[data-testid="engine-pill"]').innerText()).toMatch(/20\.10|engine up/i);
  });

  it('shows a container started outside the console, without reload', async () => {
    await docker(
      'run',
      '-d',
      '--name',
      'e2e-outside',
      '--label',
      TEST_LABEL,
      '--stop-timeout',
      '2',
      '-p',
      '18080:80',
      'busybox:local',
      'httpd',
      '-f',
      '-p',
      '80',
    );
    await page.waitForSelector(`${row('e2e-outside')}[data-state="running"]`);
    // Its published port is a link a presenter can click.
    const href = await page
      .locator(`${row('e2e-outside')} a[href*=":18080"]`)
      .first()
      .getAttribute('href');
    expect(href).toMatch(/^http:\/\/[^/]+:18080\/?$/);
  });

  it('stops it with the button and the row follows the engine', async () => {
    await page.locator(`${row('e2e-outside')} [data-action="stop"]`).click();
    await page.waitForSelector(`${row('e2e-outside')}[data-state="exited"]`);
    expect(await docker('inspect', '-f', '{{.State.Status}}', 'e2e-outside')).toBe('exited');
  });

  it('filters, then removes after a confirmation naming the container', async () => {
    await docker('create', '--name', 'e2e-other', '--label', TEST_LABEL, 'busybox:local', 'true');
    await page.waitForSelector(row('e2e-other'));
    await page.fill('[data-testid="container-filter"]', 'e2e-outs');
    await eventually(async () => (await page.locator(row('e2e-other')).count()) === 0, 'filter hides the other row');
    expect(await page.locator(row('e2e-outside')).count()).toBe(1);

    await page.locator(`${row('e2e-outside')} [data-action="remove"]`).click();
    const dialog = page.locator('[data-testid="confirm-yes"]');
    await dialog.waitFor();
    expect(await page.locator('[role="dialog"], dialog').first().innerText()).toContain('e2e-outside');
    await dialog.click();
    await page.waitForSelector(row('e2e-outside'), { state: 'detached' });
    await expect(docker('inspect', 'e2e-outside')).rejects.toThrow();
    await page.fill('[data-testid="container-filter"]', '');
    await page.waitForSelector(row('e2e-other'));
  });

  it('shows the engine’s refusal in the page instead of swallowing it', async () => {
    // A container whose command does not exist: the engine refuses to start it.
    await docker('create', '--name', 'e2e-broken', '--label', TEST_LABEL, 'busybox:local', '/no/such/binary');
    await page.waitForSelector(`${row('e2e-broken')}[data-state="created"]`);
    await page.locator(`${row('e2e-broken')} [data-action="start"]`).click();
    await eventually(async () => /no such file/i.test(await page.locator('body').innerText()), 'the engine message is on screen');
  });

  it('answers bad requests with clear JSON errors', async () => {
    const res = await page.request.post(`${app.url}/api/containers/no-such-thing/stop`, { headers: { origin: app.url } });
    expect(res.status()).toBe(404);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('not_found');
    expect(body.message).toContain('no-such-thing');
    const bad = await page.request.post(`${app.url}/api/containers/e2e-other/stop`, {
      headers: { origin: app.url, 'content-type': 'application/json' },
      data: '{"timeout":"never"}',
    });
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('timeout');
  });

  it('renders without page errors or CSP violations, and looks right', async () => {
    await page.screenshot({ path: `${ROOT}.test-results/e2e-containers.png` });
    expect(problems).toEqual([]);
  });
});
