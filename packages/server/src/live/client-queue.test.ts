import type { ServerMessage } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { ClientQueue, type WireSocket } from './client-queue.ts';

/** A socket whose writes complete only when the test says so: a client that stopped reading. */
class StalledSocket implements WireSocket {
  readyState = 1;
  sent: string[] = [];
  private callbacks: (() => void)[] = [];
  send(data: string, cb?: (err?: Error) => void): void {
    this.sent.push(data);
    if (cb) this.callbacks.push(() => cb());
  }
  /** The client drains everything written so far. */
  drain(): void {
    while (this.callbacks.length) this.callbacks.shift()!();
  }
}

const delta = (i: number): ServerMessage => ({
  op: 'delta',
  topic: 'containers',
  data: { upsert: [], remove: [`id-${i}-${'x'.repeat(200)}`] },
});

describe('ClientQueue', () => {
  const limits = { maxInFlightBytes: 4096, maxQueuedBytes: 16384 };

  it('sends at once while the client keeps up', () => {
    const ws = new StalledSocket();
    const q = new ClientQueue(ws, () => undefined, limits);
    q.send(delta(1));
    ws.drain();
    q.send(delta(2));
    expect(ws.sent.map((s) => (JSON.parse(s) as { data: { remove: string[] } }).data.remove[0]!.slice(0, 4))).toEqual(['id-1', 'id-2']);
  });

  it('holds a bounded amount for a stalled client, then resyncs it with a gap and the latest snapshot', () => {
    const ws = new StalledSocket();
    let latest = 0;
    const q = new ClientQueue(ws, () => ({ op: 'snapshot', topic: 'containers', data: [{ latest } as never] }), limits);
    for (let i = 0; i < 10_000; i++) {
      latest = i;
      q.send(delta(i));
      expect(q.heldBytes).toBeLessThanOrEqual(limits.maxInFlightBytes + limits.maxQueuedBytes + 1024);
    }
    expect(q.droppedTotal).toBeGreaterThan(9000);
    const sentWhileStalled = ws.sent.length;
    expect(sentWhileStalled).toBeLessThan(30);
    // The client catches up: it gets a gap, then one snapshot with the state as of now.
    latest = 123_456;
    ws.drain();
    ws.drain();
    const after = ws.sent.slice(sentWhileStalled).map((s) => JSON.parse(s) as ServerMessage);
    const ops = after.map((m) => m.op);
    expect(ops).toContain('gap');
    const snap = after.find((m) => m.op === 'snapshot');
    expect(snap).toBeDefined();
    expect(JSON.stringify(snap)).toContain('123456');
    expect(ops.indexOf('gap')).toBeLessThan(ops.indexOf('snapshot'));
  });

  it('does not send to a closed socket', () => {
    const ws = new StalledSocket();
    ws.readyState = 3;
    const q = new ClientQueue(ws, () => undefined, limits);
    q.send(delta(1));
    expect(ws.sent).toEqual([]);
  });

  it('forget drops what is queued for a topic', () => {
    const ws = new StalledSocket();
    const q = new ClientQueue(ws, () => undefined, { maxInFlightBytes: 1, maxQueuedBytes: 1 << 20 });
    q.send(delta(1)); // in flight
    q.send(delta(2)); // queued
    q.send({ op: 'hb', t: 1 });
    q.forget('containers');
    ws.drain();
    expect(ws.sent.map((s) => (JSON.parse(s) as ServerMessage).op)).toEqual(['delta', 'hb']);
  });

  describe('latest-wins topics (stats)', () => {
    const statsDelta = (t: number): ServerMessage => ({
      op: 'delta',
      topic: 'stats',
      data: { t, host: { cpu: 1, mem: 2 }, c: {}, source: 'cgroup' },
    });
    const parsed = (ws: StalledSocket): ServerMessage[] => ws.sent.map((s) => JSON.parse(s) as ServerMessage);
    const statsTimes = (ws: StalledSocket): number[] =>
      parsed(ws).flatMap((m) => (m.op === 'delta' && m.topic === 'stats' ? [m.data.t] : []));

    it('keeps only the newest undelivered delta for a slow client', () => {
      const ws = new StalledSocket();
      const q = new ClientQueue(ws, () => undefined, limits);
      for (let t = 1; t <= 100; t++) q.send(statsDelta(t));
      // One in the socket, one waiting: whatever the number of seconds the client missed.
      expect(statsTimes(ws)).toEqual([1]);
      expect(q.heldBytes).toBeLessThan(2 * JSON.stringify(statsDelta(100)).length + 1);
      expect(q.droppedTotal).toBe(98);
      ws.drain();
      expect(statsTimes(ws)).toEqual([1, 100]);
      ws.drain();
      q.send(statsDelta(101));
      expect(statsTimes(ws)).toEqual([1, 100, 101]);
    });

    it('lets other topics pass a held stats delta, in their own order', () => {
      const ws = new StalledSocket();
      const q = new ClientQueue(ws, () => undefined, limits);
      q.send(statsDelta(1));
      q.send(statsDelta(2));
      q.send(delta(1));
      q.send(delta(2));
      const ops = parsed(ws).map((m) => (m.op === 'delta' ? m.topic : m.op));
      expect(ops).toEqual(['stats', 'containers', 'containers']);
    });

    it('never replaces a snapshot: deltas after it wait behind it', () => {
      const ws = new StalledSocket();
      const q = new ClientQueue(ws, () => undefined, limits);
      q.send(statsDelta(1)); // in flight
      q.send({ op: 'snapshot', topic: 'stats', data: { times: [5] } as never });
      q.send(statsDelta(6));
      q.send(statsDelta(7));
      ws.drain();
      ws.drain();
      ws.drain();
      const seen = parsed(ws).map((m) => (m.op === 'snapshot' ? 'snapshot' : m.op === 'delta' && m.topic === 'stats' ? m.data.t : m.op));
      expect(seen).toEqual([1, 'snapshot', 7]);
    });

    it('queues every delta of the other topics (no coalescing there)', () => {
      const ws = new StalledSocket();
      const q = new ClientQueue(ws, () => undefined, { maxInFlightBytes: 1, maxQueuedBytes: 1 << 20 });
      for (let i = 0; i < 5; i++) q.send(delta(i));
      for (let i = 0; i < 5; i++) ws.drain();
      expect(parsed(ws)).toHaveLength(5);
      expect(q.droppedTotal).toBe(0);
    });
  });
});
