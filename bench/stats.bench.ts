// bench:stats — what it costs to show every container's resources every second: Phedds' sampler
// against `docker stats`, on the same N idle containers, 60 s each, CPU seconds from /proc.
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import WebSocket from 'ws';
import type { ServerMessage } from '@phedds/shared';
import { startConsole } from '../e2e/support/console.ts';
import { DOCKER_BIN } from '../packages/server/src/test-support/docker-cli.ts';
import { engineCall, engineSocket } from './support/engine-http.ts';
import { cpuSeconds, engineProcesses, totalCpu } from './support/proc-cpu.ts';
import { round } from './support/stats.ts';
import { StatsCountingProxy } from './support/stats-proxy.ts';
import { timeSweeps } from './support/sweep-timing.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const a = process.argv[i]!;
  const v = Number(a.includes('=') ? a.split('=')[1] : process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive whole number (got ${a})`);
  return v;
}

const N = arg('containers', 50);
const SECONDS = arg('seconds', 60);
const LABEL = 'phedds.bench.stats';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function must(method: string, path: string, body?: unknown): Promise<string> {
  const r = await engineCall(method, path, body);
  if (r.status >= 300 && r.status !== 304) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  return r.text;
}

async function benchContainers(): Promise<{ Id: string; State: string }[]> {
  return JSON.parse(await must('GET', `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ label: [LABEL] }))}`)) as {
    Id: string;
    State: string;
  }[];
}

async function cleanup(): Promise<void> {
  const list = await benchContainers();
  await pool(list, 8, (c) => must('DELETE', `/containers/${c.Id}?force=1`));
}

async function pool<T>(items: T[], width: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** N idle busybox containers, created and started 8 at a time. */
async function createContainers(): Promise<string[]> {
  const ids: string[] = [];
  await pool(
    Array.from({ length: N }, (_, i) => i),
    8,
    async (i) => {
      const created = JSON.parse(
        await must('POST', `/containers/create?name=bench-stats-${i + 1}`, {
          Image: 'busybox:local',
          Cmd: ['sleep', '86400'],
          Labels: { [LABEL]: '1' },
        }),
      ) as { Id: string };
      await must('POST', `/containers/${created.Id}/start`);
      ids.push(created.Id);
    },
  );
  return ids;
}

interface Measured {
  cpuS: number;
  engineCpuS: number;
  rate: number;
  covered: number;
}

/** Phedds: the real console, one live client subscribed to `stats`, for SECONDS. */
async function measurePhedds(ids: string[]): Promise<Measured & { engineDuringS: number }> {
  const app = await startConsole();
  const pid = app.proc.pid!;
  const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/api/live`, { headers: { origin: app.url, cookie: app.adminCookie } });
  const counts = new Map<string, number>();
  const span: { from?: number; to?: number } = {};
  let ready = false;
  ws.on('message', (raw: Buffer) => {
    const m = JSON.parse(raw.toString('utf8')) as ServerMessage;
    if (m.op !== 'delta' || m.topic !== 'stats') return;
    const withRates = ids.filter((id) => typeof m.data.c[id]?.[0] === 'number').length;
    if (withRates === ids.length) ready = true;
    if (span.from === undefined || span.to === undefined || m.data.t <= span.from || m.data.t > span.to) return;
    for (const id of ids) if (m.data.c[id]) counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ op: 'sub', topic: 'stats' }));
  const deadline = Date.now() + 60_000;
  while (!ready) {
    if (Date.now() > deadline) throw new Error('Phedds did not sample every bench container within 60 s');
    await sleep(100);
  }
  const engine = engineProcesses(engineSocket(), ids);
  const enginePids = [engine.dockerd ?? 0, ...engine.containerd, ...engine.shims];
  const c0 = cpuSeconds(pid);
  const e0 = totalCpu(enginePids);
  const t0 = Date.now();
  // Sweeps stamped (t0, t0 + SECONDS]: exactly SECONDS sweeps at 1 Hz if none is missed.
  span.from = t0;
  span.to = t0 + SECONDS * 1000;
  await sleep(SECONDS * 1000 + 400);
  const cpuS = cpuSeconds(pid) - c0;
  const engineDuringS = totalCpu(enginePids) - e0;
  ws.close();
  await app.stop();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return { cpuS, engineCpuS: 0, engineDuringS, rate: total / ids.length / SECONDS, covered: counts.size };
}

/** `docker stats` streaming the same containers for SECONDS, through the counting proxy. */
async function measureDockerStats(ids: string[]): Promise<Measured & { parts: Record<string, number> }> {
  const proxy = new StatsCountingProxy(`/tmp/phedds-bench-stats-${process.pid}.sock`, engineSocket());
  await proxy.start();
  // The bench containers by id: other running containers, if any, are left out of docker's share.
  const cli = spawn(DOCKER_BIN, ['-H', `unix://${proxy.path}`, 'stats', '--no-trunc', ...ids], { stdio: ['ignore', 'pipe', 'pipe'] });
  let cliErr = '';
  cli.stdout.resume(); // the table it redraws: read and dropped, as a terminal would show it
  cli.stderr.on('data', (b: Buffer) => (cliErr += b.toString()));
  try {
    // Warm-up: the CLI opens one stream per container; wait until every one delivers.
    proxy.count(true);
    const deadline = Date.now() + 90_000;
    while (ids.some((id) => !proxy.samples.has(id))) {
      if (cli.exitCode !== null) throw new Error(`docker stats exited: ${cliErr}`);
      if (Date.now() > deadline)
        throw new Error(`docker stats did not deliver every container within 90 s (${proxy.samples.size}/${ids.length})`);
      await sleep(200);
    }
    await sleep(2000);
    proxy.samples.clear();
    const engine = engineProcesses(engineSocket(), ids);
    const pids = { dockerd: [engine.dockerd ?? 0], containerd: engine.containerd, shims: engine.shims, client: [cli.pid!] };
    const before = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, totalCpu(v)]));
    await sleep(SECONDS * 1000);
    const parts = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, totalCpu(v) - before[k]!]));
    proxy.count(false);
    const total = ids.reduce((a, id) => a + (proxy.samples.get(id) ?? 0), 0);
    const cpuS = Object.values(parts).reduce((a, b) => a + b, 0);
    return {
      cpuS,
      engineCpuS: cpuS - parts.client!,
      rate: total / ids.length / SECONDS,
      covered: ids.filter((id) => proxy.samples.has(id)).length,
      parts,
    };
  } finally {
    cli.kill('SIGTERM');
    await proxy.stop();
  }
}

async function initPids(ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  await pool(ids, 8, async (id) => {
    const j = JSON.parse(await must('GET', `/containers/${id}/json`)) as { State: { Pid: number } };
    out.set(id, j.State.Pid);
  });
  return out;
}

async function main(): Promise<void> {
  await cleanup();
  const t = Date.now();
  const ids = await createContainers();
  console.log(`bench:stats — ${N} idle busybox containers started in ${((Date.now() - t) / 1000).toFixed(1)} s; ${SECONDS} s per window`);
  const others = (JSON.parse(await must('GET', '/containers/json')) as { Id: string }[]).filter((c) => !ids.includes(c.Id)).length;
  if (others) console.log(`note: ${others} other running container(s) on this engine are sampled by Phedds too (not by docker stats here)`);
  try {
    const sweep = await timeSweeps(await initPids(ids));
    const ph = await measurePhedds(ids);
    const dk = await measureDockerStats(ids);
    const ratio = dk.cpuS / ph.cpuS;
    const f = (v: number, d = 2): string => v.toFixed(d).padStart(9);
    console.log(
      `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; CPU seconds from /proc/<pid>/stat (own + reaped children)`,
    );
    console.log(
      `${'who'.padEnd(44)} ${'CPU s'.padStart(9)} ${'% core'.padStart(9)} ${'samples/c/s'.padStart(12)} ${'containers'.padStart(11)}`,
    );
    const line = (who: string, cpu: number, rate?: number, covered?: number): void =>
      console.log(
        `${who.padEnd(44)} ${f(cpu)} ${f((cpu / SECONDS) * 100, 1)} ${rate === undefined ? ''.padStart(12) : rate.toFixed(3).padStart(12)} ${covered === undefined ? '' : String(covered).padStart(11)}`,
      );
    line('Phedds console (whole process, 1 viewer)', ph.cpuS, ph.rate, ph.covered);
    line('  engine meanwhile (dockerd+containerd+shims)', ph.engineDuringS);
    line('docker stats: total', dk.cpuS, dk.rate, dk.covered);
    line('  dockerd', dk.parts.dockerd!);
    line('  containerd', dk.parts.containerd!);
    line(`  ${N} shims`, dk.parts.shims!);
    line('  docker CLI', dk.parts.client!);
    console.log(
      `ratio docker/Phedds ${ratio.toFixed(1)}× (${((dk.cpuS - ph.engineDuringS) / ph.cpuS).toFixed(1)}× counting only what docker stats adds over the idle engine)`,
    );
    console.log(
      `one sweep of ${sweep.containers} containers (CPU ms, median of 30): ${sweep.keptOpenMs.toFixed(1)} ms the sampler with files kept open, ${sweep.byPathMs.toFixed(1)} ms reading by path`,
    );
    console.log(
      JSON.stringify({
        bench: 'stats',
        containers: N,
        phedds_cpu_s: round(ph.cpuS, 2),
        docker_stats_cpu_s: round(dk.cpuS, 2),
        ratio: round(ratio, 1),
        phedds_rate: round(ph.rate, 2),
        docker_rate: round(dk.rate, 2),
      }),
    );
  } finally {
    await cleanup();
  }
}

await main();
