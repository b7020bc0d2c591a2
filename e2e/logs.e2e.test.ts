import { readFile, stat } from 'node:fs/promises';
import type { Browser, Page, WebSocket as PageSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, eventually, removeTestContainers, TEST_LABEL } from '../packages/server/src/test-support/docker-cli.ts';
import { ROOT, type RunningConsole } from './support/console.ts';
import { openConsolePage } from './support/page.ts';

let app: RunningConsole;
let browser: Browser;
let page: Page;
let problems: string[];
const logSockets: PageSocket[] = [];

const row = (name: string): string => `[data-testid="container-row"][data-name="${name}"]`;
const LINES = '[data-testid="logs-pane"]';

async function showPane(slot: number, pane: string): Promise<void> {
  await page.click(`[data-testid="pane-switch"][data-slot="${slot}"]`);
  await page.click(`[data-testid="pane-choice"][data-pane="${pane}"]`);
  await page.waitForSelector(`.quadrant[data-slot="${slot}"][data-pane-shown="${pane}"]`);
}

async function select(name: string): Promise<void> {
  await page.locator(`${row(name)} .row-name`).click();
  await page.waitForSelector(`${row(name)}[data-selected="true"]`);
}

const lineCount = async (): Promise<number> => Number(await page.locator(LINES).getAttribute('data-lines'));

/** The console's resident memory, from /proc (it runs on this machine). */
async function consoleRssMb(): Promise<number> {
  const status = await readFile(`/proc/${app.proc.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function heapMb(): Promise<number> {
  return page.evaluate(() => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20);
}

beforeAll(async () => {
  await removeTestContainers();
  ({ app, browser, page, problems } = await openConsolePage());
  page.on('websocket', (ws) => {
    if (ws.url().endsWith('/api/logs')) logSockets.push(ws);
  });
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await removeTestContainers();
});

describe('the Logs pane on a real engine', () => {
  it('shows a line as the container writes it', async () => {
    await docker(
      'run',
      '-d',
      '--name',
      'e2e-logs',
      '--label',
      TEST_LABEL,
      'busybox:local',
      'sh',
      '-c',
      'echo hello from e2e-logs; sleep 600',
    );
    await page.waitForSelector(`${row('e2e-logs')}[data-state="running"]`);
    await select('e2e-logs');
    await showPane(0, 'logs');
    await page.waitForSelector(`[data-testid="logs-target"][data-name="e2e-logs"][data-state="following"]`);
    await page.locator('[data-testid="logs-line"]', { hasText: 'hello from e2e-logs' }).waitFor();
    // A new line, timed from the moment the container wrote it to the moment the page shows it.
    const written = Date.now();
    await docker('exec', 'e2e-logs', 'sh', '-c', 'echo "live $(cat /proc/uptime)" > /proc/1/fd/1');
    await page.locator('[data-testid="logs-line"]', { hasText: /^.*live \d/ }).waitFor();
    console.info(`logs: a written line was on screen ${Date.now() - written} ms after docker exec was started`);
  });

  it('renders what containers write as text, colours as classes', async () => {
    await docker(
      'exec',
      'e2e-logs',
      'sh',
      '-c',
      `printf '<img src=x onerror="document.title=1"> \\033[31mred-word\\033[0m\\n' > /proc/1/fd/1`,
    );
    const line = page.locator('[data-testid="logs-line"]', { hasText: 'red-word' });
    await line.waitFor();
    expect(await line.innerText()).toContain('<img src=x onerror="document.title=1">');
    expect(await page.locator(`${LINES} img`).count()).toBe(0);
    expect(await line.locator('.ansi-fg-1', { hasText: 'red-word' }).count()).toBe(1);
  });

  it('filters by text and by regular expression, and pauses', async () => {
    await page.fill('[data-testid="logs-search"]', 'HELLO');
    await eventually(async () => (await page.locator('[data-testid="logs-line"]').count()) === 1, 'one line matches');
    await page.click('[data-testid="logs-regex"]');
    await page.fill('[data-testid="logs-search"]', 'live [0-9]+');
    await eventually(async () => (await page.locator('[data-testid="logs-line"] mark.hit').count()) === 1, 'the regex hit is marked');
    await page.fill('[data-testid="logs-search"]', '');
    await page.click('[data-testid="logs-regex"]');

    await page.click('[data-testid="logs-pause"]');
    const shown = await page.locator('[data-testid="logs-line"]').count();
    await docker('exec', 'e2e-logs', 'sh', '-c', 'echo "while paused" > /proc/1/fd/1');
    await page.locator('[data-testid="logs-paused"]', { hasText: /[1-9]\d* new lines held/ }).waitFor();
    expect(await page.locator('[data-testid="logs-line"]', { hasText: 'while paused' }).count()).toBe(0);
    expect(await page.locator('[data-testid="logs-line"]').count()).toBe(shown);
    await page.click('[data-testid="logs-pause"]');
    await page.locator('[data-testid="logs-line"]', { hasText: 'while paused' }).waitFor();
  });

  it('keeps following across a restart of the container', async () => {
    await docker('restart', '-t', '0', 'e2e-logs');
    await eventually(
      async () => (await page.locator('[data-testid="logs-line"]', { hasText: 'hello from e2e-logs' }).count()) === 2,
      'the second start’s line',
    );
    await page.waitForSelector(`[data-testid="logs-target"][data-name="e2e-logs"][data-state="following"]`);
    await docker('exec', 'e2e-logs', 'sh', '-c', 'echo "after restart" > /proc/1/fd/1');
    await page.locator('[data-testid="logs-line"]', { hasText: 'after restart' }).waitFor();
  });

  it('stays bounded under a flood, and says lines were dropped', async () => {
    // Containers writing as fast as the engine takes it: three with long lines (volume), one with
    // short lines (count); together well past 50 MB/s of log on an idle machine.
    const long = 'x'.repeat(2000);
    const writers: [string, string][] = [
      ['e2e-flood-bytes-1', long],
      ['e2e-flood-bytes-2', long],
      ['e2e-flood-bytes-3', long],
      ['e2e-flood-lines', 'flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood fl'],
    ];
    for (const [name, text] of writers) {
      await docker(
        'run',
        '-d',
        '--name',
        name,
        '--label',
        TEST_LABEL,
        '--log-opt',
        'max-size=200m',
        '--log-opt',
        'max-file=2',
        'busybox:local',
        'yes',
        text,
      );
    }
    await page.click('[data-testid="logs-add"]');
    for (const [name] of writers) await page.locator('.log-add-item', { hasText: name }).locator('input').check();
    await page.click('[data-testid="logs-add"]');
    for (const [name] of writers) await page.waitForSelector(`[data-testid="logs-target"][data-name="${name}"][data-state="following"]`);

    // How much the engine took, from the writers' log files (they rotate: growth is summed).
    const logPaths = await Promise.all(writers.map(([name]) => docker('inspect', '-f', '{{.LogPath}}', name)));
    const sizes = (): Promise<(number | undefined)[]> =>
      Promise.all(
        logPaths.map((p) =>
          stat(p).then(
            (s) => s.size,
            () => undefined,
          ),
        ),
      );
    let lastSizes = await sizes();
    let written = 0;
    const t0 = Date.now();
    let peakRss = 0;
    let peakHeap = 0;
    let peakRows = 0;
    let peakLines = 0;
    // Until the page has held its 10 000 lines and dropped older ones, then a while longer.
    let capReachedAt = 0;
    await eventually(
      async () => {
        const now = await sizes();
        now.forEach((size, i) => {
          const last = lastSizes[i];
          if (size !== undefined && last !== undefined) written += size >= last ? size - last : size;
        });
        lastSizes = now;
        peakRss = Math.max(peakRss, await consoleRssMb());
        peakHeap = Math.max(peakHeap, await heapMb());
        peakRows = Math.max(peakRows, await page.locator('.vlist-row').count());
        const n = await lineCount();
        peakLines = Math.max(peakLines, n);
        expect(n).toBeLessThanOrEqual(10_000);
        if (!capReachedAt && (await page.locator('.log-foot-faint', { hasText: 'older ones left the page' }).count()) > 0)
          capReachedAt = Date.now();
        return capReachedAt > 0 && Date.now() - capReachedAt > 5000;
      },
      'the page reached its line cap under the flood',
      120_000,
    );
    if (written > 0) {
      console.info(
        `logs flood: the engine took ~${(written / ((Date.now() - t0) / 1000) / 1e6).toFixed(0)} MB/s of JSON log from the ${writers.length} writers`,
      );
    }
    console.info(
      `logs flood: peak ${peakLines} lines held, ${peakRows} rows in the DOM, heap ${peakHeap.toFixed(0)} MiB, console RSS ${peakRss.toFixed(0)} MiB`,
    );
    expect(peakLines).toBe(10_000);
    expect(peakRows).toBeLessThan(120); // only the visible rows are in the DOM
    expect(peakHeap).toBeLessThan(200);
    expect(peakRss).toBeLessThan(400);
    // The server dropped lines (the rate budget) and said so.
    expect(await page.locator('section[data-pane="logs"] .pane-meta').innerText()).toMatch(/[\d,]+ dropped/);
    // The page still answers: a filter applies (only the dropped-lines markers stay).
    await page.fill('[data-testid="logs-search"]', 'no line has this');
    await eventually(async () => (await page.locator('[data-testid="logs-line"]').count()) === 0, 'the filter hides every line');
    expect(await page.locator('[data-testid="logs-gap"]').count()).toBeGreaterThan(0);
    await page.fill('[data-testid="logs-search"]', '');
    await docker('rm', '-f', ...writers.map(([name]) => name));
  });

  it('closes its socket (and with it the engine streams) when the pane closes', async () => {
    const open = logSockets.filter((s) => !s.isClosed());
    expect(open).toHaveLength(1);
    await showPane(0, 'shell');
    await eventually(() => open[0]!.isClosed(), 'the logs socket closed');
  });

  it('renders without page errors or CSP violations', async () => {
    await showPane(0, 'logs');
    await page.screenshot({ path: `${ROOT}.test-results/e2e-logs.png` });
    expect(problems).toEqual([]);
  });
});
