import type { StatsDelta } from '@phedds/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestConsole, type TestConsole } from '../../test-support/app.ts';
import { docker, eventually, TEST_LABEL } from '../../test-support/docker-cli.ts';
import { createStatsSampler } from './engine-stats.ts';
import type { StatsSampler } from './sampler.ts';

/**
 * The sampler against the real engine, compared with `docker stats --no-stream`.
 *
 * Tolerances, and why:
 * - CPU: the burner runs under `--cpus 0.5`, so the kernel's CFS quota caps it at 50 % of one
 *   core; below that, it gets what the other tenants of this shared 2-core machine leave, which
 *   changes from one second to the next. `docker stats --no-stream` measures one second during
 *   its call; the sampler measures every second. The docker figure must therefore lie within the
 *   range of the sampler's figures for the seconds around that call, give or take 5 points (the
 *   two readers' seconds are not aligned, and the quota is enforced per 100 ms period, so one
 *   second can hold up to half a period more or less of the burner's time). And no sampler figure
 *   may exceed the quota by more than those 5 points.
 * - Memory: the allocator fills 40 MiB of /dev/shm once and then sleeps, so the figure is
 *   static; both read the same counter (usage − inactive file cache) moments apart. They must
 *   agree within 1 MiB (what the container's shell and the kernel may add meanwhile) and
 *   show the same 64 MiB limit exactly.
 */

let built: TestConsole;

const UNITS: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, kB: 1e3, MB: 1e6, GB: 1e9 };
function bytes(s: string): number {
  const m = /^([\d.]+)\s*([A-Za-z]+)$/.exec(s.trim());
  if (!m || UNITS[m[2]!] === undefined) throw new Error(`unreadable size "${s}"`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

interface DockerStatsRow {
  cpu: number;
  mem: number;
  limit: number;
  pids: number;
}
async function dockerStats(name: string): Promise<DockerStatsRow> {
  const line = await docker('stats', '--no-stream', '--format', '{{.CPUPerc}}|{{.MemUsage}}|{{.PIDs}}', name);
  const [cpu, mem, pids] = line.split('|') as [string, string, string];
  const [used, limit] = mem.split('/') as [string, string];
  return { cpu: Number(cpu.replace('%', '')), mem: bytes(used), limit: bytes(limit), pids: Number(pids) };
}

/** Collects the sampler's deltas while `during` runs. */
async function collect(sampler: StatsSampler, during: () => Promise<void>): Promise<StatsDelta[]> {
  const seen: StatsDelta[] = [];
  const off = sampler.subscribe((d) => seen.push(d));
  try {
    await during();
  } finally {
    off();
  }
  return seen;
}

let burner: string;
let allocator: string;

useTestConsole((c) => (built = c));

beforeAll(async () => {
  burner = await docker(
    'run',
    '-d',
    '--name',
    'int-stats-burn',
    '--label',
    TEST_LABEL,
    '--cpus',
    '0.5',
    'busybox:local',
    'sh',
    '-c',
    'while :; do :; done',
  );
  allocator = await docker(
    'run',
    '-d',
    '--name',
    'int-stats-mem',
    '--label',
    TEST_LABEL,
    '--memory',
    '64m',
    'busybox:local',
    'sh',
    '-c',
    'dd if=/dev/zero of=/dev/shm/fill bs=1M count=40 2>/dev/null; exec sleep 3600',
  );
  await eventually(
    () => built.engine.containers.get(burner)?.state === 'running' && built.engine.containers.get(allocator)?.state === 'running',
    'both containers running in the inventory',
  );
});

async function compareWithDocker(sampler: StatsSampler): Promise<void> {
  sampler.start();
  try {
    // Let the allocator finish filling and the sampler find both cgroups.
    await eventually(() => (sampler.latest().get(allocator)?.[1] ?? 0) > 40 * 2 ** 20, 'allocator sampled at 40 MiB or more');
    let burn!: DockerStatsRow;
    let mem!: DockerStatsRow;
    let callStart = 0;
    let callEnd = 0;
    const deltas = await collect(sampler, async () => {
      await new Promise((r) => setTimeout(r, 1500));
      callStart = Date.now();
      [burn, mem] = await Promise.all([dockerStats('int-stats-burn'), dockerStats('int-stats-mem')]);
      callEnd = Date.now();
      await new Promise((r) => setTimeout(r, 1500));
    });
    const cpuAt = (d: StatsDelta): number | null | undefined => d.c[burner]?.[0];
    const all = deltas.map(cpuAt).filter((v): v is number => typeof v === 'number');
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const v of all) expect(v, `sampler CPU ${v} % under a 50 % quota`).toBeLessThanOrEqual(55);
    expect(Math.max(...all), 'the burner is seen burning').toBeGreaterThan(5);
    // Sweep t covers the second before t: these cover the call and a second either side.
    const around = deltas
      .filter((d) => d.t >= callStart && d.t <= callEnd + 1000)
      .map(cpuAt)
      .filter((v): v is number => typeof v === 'number');
    expect(around.length).toBeGreaterThanOrEqual(2);
    const what = `docker stats ${burn.cpu} % vs sampler ${around.join(', ')} %`;
    expect(burn.cpu, what).toBeGreaterThanOrEqual(Math.min(...around) - 5);
    expect(burn.cpu, what).toBeLessThanOrEqual(Math.max(...around) + 5);

    const last = deltas.at(-1)!.c[allocator]!;
    expect(Math.abs(last[1]! - mem.mem), `phedds ${last[1]} B vs docker stats ${mem.mem} B`).toBeLessThanOrEqual(2 ** 20);
    expect(last[2]).toBe(64 * 2 ** 20);
    expect(mem.limit).toBe(64 * 2 ** 20);
    expect(last[8]).toBe(mem.pids);
    expect(deltas.at(-1)!.c[burner]![8]).toBe(burn.pids);
  } finally {
    sampler.stop();
  }
}

describe('the stats sampler on the real engine', () => {
  it('reads cgroup files here, and agrees with docker stats on CPU, memory, limit and pids', async () => {
    const sampler = createStatsSampler(built.engine, 'auto');
    await compareWithDocker(sampler);
    expect(sampler.currentSource).toBe('cgroup');
  });

  it("falls back to the engine's one-shot stats API, and agrees with docker stats just the same", async () => {
    const sampler = createStatsSampler(built.engine, 'api');
    await compareWithDocker(sampler);
    expect(sampler.currentSource).toBe('api');
  });

  it('sees a container stop and leave the stream, and a new one arrive', async () => {
    const sampler = createStatsSampler(built.engine, 'auto');
    try {
      const id = await docker('run', '-d', '--name', 'int-stats-brief', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
      await eventually(async () => (await sampler.sweep()).c[id] !== undefined, 'new container sampled');
      await docker('rm', '-f', id);
      await eventually(
        async () => (await sampler.sweep()).c[id] === undefined && !sampler.history.has(id),
        'removed container gone from stream and history',
      );
    } finally {
      sampler.stop();
    }
  });
});
