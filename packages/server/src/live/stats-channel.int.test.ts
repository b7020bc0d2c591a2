import type { ApiError, ContainerStatsHistory, ServerMessage, StatsDelta, StatsSnapshot } from '@phedds/shared';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { useTestConsole, type TestConsole } from '../test-support/app.ts';
import { docker, eventually, TEST_LABEL } from '../test-support/docker-cli.ts';

/** A live-socket client that subscribes to `stats` and keeps what it got. */
class StatsClient {
  snapshots: StatsSnapshot[] = [];
  deltas: StatsDelta[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      const m = JSON.parse(raw.toString('utf8')) as ServerMessage;
      if (m.op === 'snapshot' && m.topic === 'stats') this.snapshots.push(m.data);
      if (m.op === 'delta' && m.topic === 'stats') this.deltas.push(m.data);
    });
  }

  static async open(c: TestConsole): Promise<StatsClient> {
    const ws = new WebSocket(`${c.wsBase}/api/live`, { headers: c.headers });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const client = new StatsClient(ws);
    ws.send(JSON.stringify({ op: 'sub', topic: 'stats' }));
    return client;
  }

  get last(): StatsDelta | undefined {
    return this.deltas.at(-1);
  }

  close(): void {
    this.ws.close();
  }
}

let built: TestConsole;

useTestConsole((c) => (built = c));

describe('the stats topic on a real engine', () => {
  it('runs one sampler for any number of viewers, and stops it after the last one left', async () => {
    expect(built.engine.stats.running).toBe(false);
    const clients = await Promise.all([1, 2, 3].map(() => StatsClient.open(built)));
    await eventually(
      () => clients.every((c) => c.snapshots.length === 1 && c.deltas.length >= 2),
      'every viewer gets a snapshot and deltas',
    );
    expect(built.engine.stats.starts).toBe(1);
    expect(built.gateway.stats().subscriptions.stats).toBe(3);
    // They all get the same sweeps: one sampler, fanned out.
    const t = clients[0]!.last!.t;
    await eventually(() => clients.every((c) => c.deltas.some((d) => d.t === t)), 'the same sweep reaches every viewer');
    for (const c of clients) c.close();
    await eventually(() => !built.engine.stats.running, 'sampler stopped after the last viewer left');
    expect(built.engine.stats.starts).toBe(1);
  });

  it('streams a new container, shows its history over REST, and drops it once removed', async () => {
    const viewer = await StatsClient.open(built);
    try {
      const id = await docker('run', '-d', '--name', 'int-stream-one', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
      await eventually(() => typeof viewer.last?.c[id]?.[0] === 'number', 'the container with a CPU rate in the stream');
      const tuple = viewer.last!.c[id]!;
      expect(tuple).toHaveLength(9);
      expect(tuple[1]).toBeGreaterThan(0); // memory
      expect(tuple[8]).toBe(1); // pids: sleep
      expect(viewer.last!.host.mem).toBeGreaterThan(0);
      expect(viewer.last!.source).toBe('cgroup');

      const byName = await built.fetch('/api/containers/int-stream-one/stats?seconds=60');
      expect(byName.status).toBe(200);
      const h = (await byName.json()) as ContainerStatsHistory;
      expect(h.id).toBe(id);
      expect(h.sampling).toBe(true);
      expect(h.times.length).toBeGreaterThanOrEqual(2);
      expect(h.series.mem.length).toBe(h.times.length);
      expect(h.series.mem.some((v) => typeof v === 'number' && v > 0)).toBe(true);

      // A late viewer gets the recent history at once.
      const late = await StatsClient.open(built);
      await eventually(() => late.snapshots.length === 1, 'late snapshot');
      const snap = late.snapshots[0]!;
      expect(snap.containers[id]?.mem.length).toBeGreaterThanOrEqual(2);
      expect(snap.times.length).toBeGreaterThanOrEqual(2);
      expect(snap.hostInfo.memTotal).toBeGreaterThan(0);
      late.close();

      await docker('rm', '-f', id);
      await eventually(() => viewer.last !== undefined && !(id in viewer.last.c), 'removed container absent from the next deltas');
      const gone = await built.fetch(`/api/containers/${id}/stats`);
      expect(gone.status).toBe(404);
      const body = (await gone.json()) as ApiError;
      expect(body.error).toBe('not_found');
      expect(body.message).toContain(id);
    } finally {
      viewer.close();
    }
  });

  it('answers a bad request with a 400 that says what to fix', async () => {
    const res = await built.fetch('/api/containers/anything/stats?seconds=100000');
    expect(res.status).toBe(400);
    const body = (await res.json()) as ApiError;
    expect(body.error).toBe('bad_request');
    expect(body.message).toContain('seconds');
    const extra = await built.fetch('/api/containers/anything/stats?window=5');
    expect(extra.status).toBe(400);
  });
});
