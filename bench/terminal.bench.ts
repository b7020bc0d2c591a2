// bench:terminal — keystroke-to-echo latency and `cat` throughput in a real chromium page, for
// Phedds' host shell and for wetty (the web terminal of Phedds' 2015 ancestor), in one run.
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/support/browser.ts';
import { startConsole } from '../e2e/support/console.ts';
import { startPtyBaseline } from './support/pty-baseline.ts';
import { percentile, round } from './support/stats.ts';
import {
  framePeriod,
  installWatcher,
  measureCat,
  measureEcho,
  screenText,
  watchSockets,
  type EchoSample,
  type WatchMode,
} from './support/terminal-page.ts';
import { ensureWetty, startWetty, type Baseline } from './support/wetty.ts';

const arg = (name: string, fallback: number): number =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const KEYS = arg('keys', 500);
const MB = arg('mb', 50);
const CAT_RUNS = arg('cat-runs', 3);
const FORCE_PTY_BASELINE = process.argv.includes('--baseline=ws');
/** Phedds alone, for quick runs while changing it; the table then has no baseline to compare. */
const NO_BASELINE = process.argv.includes('--baseline=none');
const FILE = `/tmp/phedds-bench-cat-${MB}mb.txt`;
const log = (m: string): void => void process.stderr.write(`bench:terminal: ${m}\n`);

interface Result {
  label: string;
  renderer: string;
  size: string;
  echo: (EchoSample | null)[];
  /** The page's frame period (ms). */
  frame: number;
  catSeconds: number[];
  /** Output the page skipped instead of drawing (Phedds' bounded backlog), over all cat runs. */
  skippedBytes?: number;
}

/** MB of printable lines, 72 characters each: nothing wraps in either terminal. */
async function ensureFile(): Promise<void> {
  const bytes = MB * 1024 * 1024;
  if (existsSync(FILE) && statSync(FILE).size === bytes) return;
  log(`writing ${FILE} (${MB} MB)`);
  const out = createWriteStream(FILE);
  const line = (i: number): string => `${String(i).padStart(9, '0')} the quick brown fox jumps over the lazy dog 0123456789 ABCDEFGHIJ\n`;
  let written = 0;
  let i = 0;
  while (written < bytes) {
    let chunk = '';
    while (chunk.length < 1 << 20 && written + chunk.length < bytes) chunk += line(i++);
    chunk = chunk.slice(0, bytes - written);
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

let asked = 0;

/** The process's own idea of the terminal size (cols x rows), read off the screen. */
async function sttySize(page: Page): Promise<string> {
  const tag = `SZ${++asked}`;
  await page.keyboard.type(`echo ${tag}=$(stty size | tr ' ' x)=`);
  await page.keyboard.press('Enter');
  const answer = new RegExp(`${tag}=(\\d+)x(\\d+)=`);
  for (let i = 0; i < 100; i++) {
    const m = answer.exec(await screenText(page));
    if (m) return `${m[2]}x${m[1]}`;
    await page.waitForTimeout(50);
  }
  return '?';
}

async function measure(page: Page, label: string, renderer: string, mode: WatchMode): Promise<Result> {
  await installWatcher(page, mode);
  const size = await sttySize(page);
  const frame = await framePeriod(page);
  log(`${label}: ${KEYS} keystrokes`);
  const echo = await measureEcho(page, KEYS);
  const catSeconds: number[] = [];
  for (let run = 1; run <= CAT_RUNS; run++) {
    log(`${label}: cat ${MB} MB, run ${run} of ${CAT_RUNS}`);
    catSeconds.push(await measureCat(page, FILE, run));
  }
  return { label, renderer, size, echo, frame, catSeconds };
}

async function runPhedds(browser: Browser): Promise<{ result: Result; screen: { width: number; height: number } }> {
  const app = await startConsole();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    // A fresh console: its first admin is created by the support code; the page signs in as it.
    await app.signIn(page);
    await watchSockets(page, '/api/terminals/');
    await page.goto(app.url);
    await page.click('[data-testid="new-host-shell"]');
    await page.waitForSelector('[data-testid="terminal-tab"][data-status="open"]');
    await page.waitForTimeout(500);
    const box = await page.locator('[data-testid="terminal"] .xterm-screen').boundingBox();
    const result = await measure(page, 'phedds (host shell)', 'dom', { kind: 'dom', root: '[data-testid="terminal"]' });
    result.skippedBytes = Number(await page.locator('[data-testid="terminal"]').getAttribute('data-skipped-bytes'));
    await page.close();
    return { result, screen: { width: Math.round(box?.width ?? 760), height: Math.round(box?.height ?? 320) } };
  } finally {
    await app.stop();
  }
}

/** Hides WebGL from the page, so xterm.js falls back to its DOM renderer, the one Phedds uses. */
const NO_WEBGL = `(() => {
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    return type === 'webgl2' || type === 'webgl' ? null : original.call(this, type, ...rest);
  };
})()`;

async function runBaseline(
  browser: Browser,
  baseline: Baseline,
  phedds: { size: string; screen: { width: number; height: number } },
  webgl: boolean,
): Promise<Result> {
  // Start from Phedds' drawing area, then scale the window until the grid has about as many cells.
  let viewport = { width: phedds.screen.width + 16, height: phedds.screen.height + 8 };
  const page = await browser.newPage({ viewport });
  if (!webgl) await page.addInitScript(NO_WEBGL);
  await watchSockets(page, baseline.name === 'wetty' ? '/socket.io/' : '/pty');
  await page.goto(baseline.url);
  await page.waitForSelector('.xterm-screen');
  await page.waitForTimeout(1500);
  await page.locator('.xterm-screen').click();
  const hasRows = (await page.locator('.xterm-rows').count()) > 0;
  const termGlobal = baseline.name === 'wetty' ? 'wetty_term' : 'baselineTerm';
  const mode: WatchMode = hasRows ? { kind: 'dom', root: '.xterm' } : { kind: 'render-event', termGlobal };
  await installWatcher(page, mode);
  const [wantCols, wantRows] = phedds.size.split('x').map(Number);
  const [cols, rows] = (await sttySize(page)).split('x').map(Number);
  if (wantCols && wantRows && cols && rows && (cols !== wantCols || rows !== wantRows)) {
    viewport = { width: Math.round((viewport.width * wantCols) / cols), height: Math.round((viewport.height * wantRows) / rows) };
    await page.setViewportSize(viewport);
    await page.waitForTimeout(800);
  }
  const result = await measure(page, `${baseline.label}${webgl ? ' as shipped' : ''}`, hasRows ? 'dom' : 'webgl', mode);
  await page.close();
  return result;
}

async function startBaseline(): Promise<{ baseline: Baseline; note?: string }> {
  if (!FORCE_PTY_BASELINE) {
    const installed = ensureWetty(log);
    if (installed.ok) {
      try {
        return { baseline: await startWetty() };
      } catch (err) {
        return { baseline: await startPtyBaseline(), note: `wetty did not run here (${(err as Error).message})` };
      }
    }
    return { baseline: await startPtyBaseline(), note: `wetty could not be installed here (${installed.reason})` };
  }
  return { baseline: await startPtyBaseline(), note: 'the ws + node-pty baseline was asked for with --baseline=ws' };
}

const fmt = (n: number, d = 1): string => (Number.isFinite(n) ? round(n, d).toFixed(d) : '—');
const mbps = (r: Result): number => MB / percentile(r.catSeconds, 50);
const valid = (v: number[]): number[] => v.filter((x) => Number.isFinite(x));
const drawn = (r: Result): number[] => valid(r.echo.map((e) => e?.drawn ?? NaN));
const arrived = (r: Result): number[] => valid(r.echo.map((e) => e?.arrive ?? NaN));
/** Share of drawn echoes whose frame began less than one frame period after the key: the first frame. */
const firstFramePct = (r: Result): number => {
  const late = valid(r.echo.map((e) => e?.frameLate ?? NaN));
  return late.length ? (100 * late.filter((x) => x < r.frame).length) / late.length : NaN;
};
/** The figures of one terminal for the JSON line. */
const figures = (r: Result): Record<string, number> => ({
  echo_p50_ms: round(percentile(drawn(r), 50), 2),
  echo_p95_ms: round(percentile(drawn(r), 95), 2),
  echo_arrive_p50_ms: round(percentile(arrived(r), 50), 2),
  echo_arrive_p95_ms: round(percentile(arrived(r), 95), 2),
  echo_first_frame_pct: round(firstFramePct(r), 1),
  frame_ms: round(r.frame, 1),
  cat_mb_s: round(mbps(r), 2),
});

function table(results: Result[]): void {
  const head = [
    'terminal',
    'renderer',
    'cols x rows',
    'in page p50',
    'p95',
    'drawn p50',
    'p95',
    'max',
    'first frame',
    'lost keys',
    `cat ${MB} MB (s)`,
    'MB/s',
  ];
  const rows = results.map((r) => {
    const e = drawn(r);
    const a = arrived(r);
    return [
      r.label,
      r.renderer,
      r.size,
      `${fmt(percentile(a, 50))} ms`,
      `${fmt(percentile(a, 95))} ms`,
      `${fmt(percentile(e, 50))} ms`,
      `${fmt(percentile(e, 95))} ms`,
      `${fmt(Math.max(...e))} ms`,
      `${fmt(firstFramePct(r), 0)} %`,
      String(r.echo.length - e.length),
      r.catSeconds.map((s) => fmt(s, 2)).join(' / '),
      fmt(mbps(r)),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/**
 * The echo goal read two ways: the echo in the page (the terminal has it; what the console can make
 * faster) and drawn (which waits for the browser's next frame, whatever the terminal).
 */
function goals(r: Result): void {
  const inPage = percentile(arrived(r), 50);
  const onScreen = percentile(drawn(r), 50);
  console.log(
    `goal echo p50 ≤ 5 ms: ${inPage <= 5 ? 'met' : 'missed'} for the echo in the page (${fmt(inPage)} ms); drawn ${fmt(onScreen)} ms, in the first frame after the key for ${fmt(firstFramePct(r), 0)} % of keys (frame ${fmt(r.frame)} ms)`,
  );
}

async function main(): Promise<void> {
  await ensureFile();
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const loadBefore = load();
  if (NO_BASELINE) {
    const browser = await launchBrowser();
    try {
      const { result } = await runPhedds(browser);
      console.log(`chromium ${browser.version()}; load average ${loadBefore} before, ${load()} after`);
      table([result]);
      goals(result);
      console.log(
        JSON.stringify({
          bench: 'terminal',
          phedds: { ...figures(result), skipped_mb: round((result.skippedBytes ?? 0) / 2 ** 20, 1) },
        }),
      );
    } finally {
      await browser.close();
    }
    return;
  }
  const { baseline, note } = await startBaseline();
  const browser = await launchBrowser();
  try {
    const { result: phedds, screen } = await runPhedds(browser);
    const target = { size: phedds.size, screen };
    const same = await runBaseline(browser, baseline, target, false);
    const results = [phedds, same];
    if (baseline.name === 'wetty') results.push(await runBaseline(browser, baseline, target, true));

    console.log(
      `bench:terminal — keystroke → echo drawn in the terminal's DOM (${KEYS} keys, in-page clock), and cat of ${MB} MB until its end marker is drawn (median of ${CAT_RUNS})`,
    );
    console.log(
      `chromium ${browser.version()}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadBefore} before, ${load()} after; baseline: ${baseline.label}${note ? ` — ${note}` : ''}`,
    );
    table(results);
    if (phedds.skippedBytes)
      console.log(
        `note: Phedds skipped ${fmt(phedds.skippedBytes / 2 ** 20)} MB of output (bounded backlog), so its cat time is not comparable`,
      );
    goals(phedds);
    console.log(`goal cat ≥ baseline: ${mbps(phedds) >= mbps(same) ? 'met' : 'missed'} (${fmt(mbps(phedds))} vs ${fmt(mbps(same))} MB/s)`);
    const shipped = results[2];
    const p = figures(phedds);
    const b = figures(same);
    console.log(
      JSON.stringify({
        bench: 'terminal',
        phedds: { ...p, skipped_mb: round((phedds.skippedBytes ?? 0) / 2 ** 20, 1) },
        baseline: {
          name: baseline.name,
          renderer: same.renderer,
          ...b,
          ...(shipped ? { as_shipped: { renderer: shipped.renderer, ...figures(shipped) } } : {}),
        },
        ratios: {
          echo_arrive_p50: round(p.echo_arrive_p50_ms! / b.echo_arrive_p50_ms!, 2),
          echo_p50: round(p.echo_p50_ms! / b.echo_p50_ms!, 2),
          cat_mb_s: round(mbps(phedds) / mbps(same), 2),
        },
      }),
    );
  } finally {
    await browser.close();
    await baseline.stop();
  }
}

await main();
