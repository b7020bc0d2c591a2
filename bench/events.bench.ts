// bench:events — from the engine event's own timestamp to the Containers pane's DOM row changing,
// for 100 containers started and stopped one after another while chromium shows the page.
import { cpus, totalmem } from 'node:os';
import { launchBrowser } from '../e2e/support/browser.ts';
import { startConsole } from '../e2e/support/console.ts';
import { engineCall, followEvents, type RawEvent } from './support/engine-http.ts';
import { percentile, round } from './support/stats.ts';

const N = Number(process.argv.find((a) => a.startsWith('--containers='))?.split('=')[1] ?? 100);
const PREFIX = 'bench-ev-';

interface DomRecord {
  name: string;
  state: string;
  t: number;
}
declare global {
  interface Window {
    __rowChanges: DomRecord[];
  }
}

const ROW_OBSERVER = `(() => {
  window.__rowChanges = [];
  const now = () => performance.timeOrigin + performance.now();
  const note = (el) => {
    const name = el.getAttribute('data-name');
    const state = el.getAttribute('data-state');
    if (name && state) window.__rowChanges.push({ name, state, t: now() });
  };
  const isRow = (el) => el instanceof Element && el.matches('[data-testid="container-row"]');
  new MutationObserver((muts) => {
    for (const m of muts) {
      if (m.type === 'attributes' && isRow(m.target)) note(m.target);
      for (const n of m.addedNodes) {
        if (!(n instanceof Element)) continue;
        if (isRow(n)) note(n);
        n.querySelectorAll('[data-testid="container-row"]').forEach(note);
      }
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
})()`;

async function must(method: string, path: string, body?: unknown): Promise<string> {
  const r = await engineCall(method, path, body);
  if (r.status >= 300 && r.status !== 304) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  return r.text;
}

async function cleanup(): Promise<void> {
  const list = JSON.parse(await must('GET', '/containers/json?all=1')) as { Id: string; Names: string[] }[];
  for (const c of list) if (c.Names.some((n) => n.startsWith('/' + PREFIX))) await must('DELETE', `/containers/${c.Id}?force=1`);
}

async function main(): Promise<void> {
  await cleanup();
  const app = await startConsole();
  const browser = await launchBrowser();
  const events: RawEvent[] = [];
  const stopEvents = followEvents((e) => events.push(e));
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await app.signIn(page);
    await page.goto(app.url);
    await page.waitForSelector('[data-testid="engine-pill"][data-state="up"]');

    const names = Array.from({ length: N }, (_, i) => `${PREFIX}${i + 1}`);
    for (const name of names)
      await must('POST', `/containers/create?name=${name}`, {
        Image: 'busybox:local',
        Cmd: ['sleep', '3600'],
        Labels: { 'phedds.bench': '1' },
      });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="container-row"][data-name^="bench-ev-"]').length === n, N, {
      timeout: 60_000,
    });

    // Record, inside the page, when each row's state changes in the DOM (epoch ms, sub-ms).
    // Passed as source text: the TypeScript loader would otherwise wrap named functions in helpers
    // that do not exist inside the page.
    await page.evaluate(ROW_OBSERVER);

    const t0 = Date.now();
    for (const name of names) {
      await must('POST', `/containers/${name}/start`);
      await page.waitForFunction((n) => window.__rowChanges.some((r) => r.name === n && r.state === 'running'), name);
      await must('POST', `/containers/${name}/stop?t=0`);
      await page.waitForFunction((n) => window.__rowChanges.some((r) => r.name === n && r.state === 'exited'), name);
    }
    const wall = (Date.now() - t0) / 1000;
    const dom = await page.evaluate(() => window.__rowChanges);

    const idToName = new Map<string, string>();
    for (const e of events) if (e.Actor.Attributes.name) idToName.set(e.Actor.ID, e.Actor.Attributes.name);
    const latencies: { kind: string; ms: number }[] = [];
    for (const [action, state] of [
      ['start', 'running'],
      ['die', 'exited'],
    ] as const) {
      for (const e of events.filter((x) => x.Action === action)) {
        const name = idToName.get(e.Actor.ID);
        if (!name?.startsWith(PREFIX)) continue;
        const evMs = e.timeNano / 1e6;
        const seen = dom.find((r) => r.name === name && r.state === state && r.t >= evMs - 50);
        if (seen) latencies.push({ kind: action, ms: seen.t - evMs });
      }
    }
    const all = latencies.map((l) => l.ms);
    const row = (label: string, v: number[]): string =>
      `${label.padEnd(12)} ${String(v.length).padStart(5)} ${round(percentile(v, 50), 1).toFixed(1).padStart(8)} ${round(percentile(v, 95), 1).toFixed(1).padStart(8)} ${round(
        Math.max(...v),
        1,
      )
        .toFixed(1)
        .padStart(8)}`;
    console.log(
      `bench:events — engine event timestamp → Containers pane DOM row (ms); ${N} containers, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    );
    console.log(`${'transition'.padEnd(12)} ${'n'.padStart(5)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}`);
    console.log(
      row(
        'start',
        latencies.filter((l) => l.kind === 'start').map((l) => l.ms),
      ),
    );
    console.log(
      row(
        'die',
        latencies.filter((l) => l.kind === 'die').map((l) => l.ms),
      ),
    );
    console.log(row('all', all));
    console.log(`wall time ${wall.toFixed(1)} s; ${all.length} of ${2 * N} transitions matched`);
    if (all.length < 2 * N) throw new Error(`only ${all.length} of ${2 * N} transitions were matched to a DOM change`);
    console.log(
      JSON.stringify({
        bench: 'events',
        n: N,
        transitions: all.length,
        p50_ms: round(percentile(all, 50), 1),
        p95_ms: round(percentile(all, 95), 1),
        max_ms: round(Math.max(...all), 1),
      }),
    );
  } finally {
    stopEvents();
    await browser.close();
    await app.stop();
    await cleanup();
  }
}

await main();
