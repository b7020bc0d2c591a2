import type { LogsServerMessage, LogTuple } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import type { LogViewer } from './log-hub.ts';
import { LogSession, type LogFeeds, type LogSessionLimits } from './log-session.ts';

/** A socket whose writes complete only when the test says so: a client that stopped reading. */
class StalledSocket {
  readyState = 1;
  sent: LogsServerMessage[] = [];
  private callbacks: (() => void)[] = [];
  send(data: string, cb?: (err?: Error) => void): void {
    this.sent.push(JSON.parse(data) as LogsServerMessage);
    if (cb) this.callbacks.push(() => cb());
  }
  drain(): void {
    while (this.callbacks.length) this.callbacks.shift()!();
  }
}

/** Feeds whose viewers the test writes lines to directly. */
class Feeds implements LogFeeds {
  viewers = new Map<string, LogViewer>();
  unsubscribed: string[] = [];
  resolve(ref: string): string | undefined {
    return ref.startsWith('no') ? undefined : `id-${ref}`;
  }
  subscribe(ref: string, viewer: LogViewer): () => void {
    const id = this.resolve(ref);
    if (!id) {
      viewer.state(ref, ref, 'missing');
      return () => undefined;
    }
    this.viewers.set(id, viewer);
    viewer.state(id, ref, 'following');
    return () => {
      this.viewers.delete(id);
      this.unsubscribed.push(id);
    };
  }
}

const limits: LogSessionLimits = {
  maxContainers: 4,
  bytesPerSecond: 10_000,
  burstBytes: 20_000,
  maxQueuedBytes: 16_384,
  maxInFlightBytes: 16_384,
  flushMs: 5,
};
const hello = { version: 't', limits: { maxContainers: 4, maxHistory: 10, maxLineBytes: 100, bytesPerSecond: 10_000 } };
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const line = (t: number, text = 'x'.repeat(76)): LogTuple => [t, 0, text];

function setup(l: LogSessionLimits = limits) {
  const ws = new StalledSocket();
  const feeds = new Feeds();
  const s = new LogSession(ws, feeds, l, hello);
  return { ws, feeds, s };
}

describe('LogSession', () => {
  it('follows what the client asks, and stops what it no longer asks', () => {
    const { ws, feeds, s } = setup();
    s.receive(JSON.stringify({ op: 'follow', ids: ['a', 'b', 'nope'] }));
    expect([...feeds.viewers.keys()]).toEqual(['id-a', 'id-b']);
    s.receive(JSON.stringify({ op: 'follow', ids: ['b'] }));
    expect(feeds.unsubscribed).toEqual(['id-a']);
    ws.drain();
    const states = ws.sent.filter((m) => m.op === 'state').map((m) => (m.op === 'state' ? `${m.id}:${m.state}` : ''));
    expect(states).toEqual(['id-a:following', 'id-b:following', 'nope:missing']);
    s.close();
    expect(feeds.unsubscribed).toEqual(['id-a', 'id-b']);
  });

  it('refuses bad messages with an error frame', () => {
    const { ws, s } = setup();
    s.receive('{"op":"follow","ids":["a","b","c","d","e"]}');
    s.receive('{"op":"follow","ids":["../etc"]}');
    s.receive('nonsense');
    ws.drain();
    expect(ws.sent.filter((m) => m.op === 'error')).toHaveLength(3);
  });

  it('batches lines per container into one frame', async () => {
    const { ws, feeds, s } = setup();
    s.receive(JSON.stringify({ op: 'follow', ids: ['a'] }));
    const v = feeds.viewers.get('id-a')!;
    v.lines('id-a', [line(1, 'one')]);
    v.lines('id-a', [line(2, 'two')]);
    await wait(20);
    const frames = ws.sent.filter((m) => m.op === 'lines');
    expect(frames).toEqual([{ op: 'lines', id: 'id-a', lines: [line(1, 'one'), line(2, 'two')] }]);
  });

  it('drops past its byte budget and marks the gap where the lines were', async () => {
    // A budget that refills too slowly to matter here: exactly the burst goes through.
    const { ws, feeds, s } = setup({ ...limits, bytesPerSecond: 1 });
    s.receive(JSON.stringify({ op: 'follow', ids: ['a'] }));
    const v = feeds.viewers.get('id-a')!;
    // 1000 lines of 100 bytes in one burst: the budget (20 000 bytes) takes 200.
    v.lines(
      'id-a',
      Array.from({ length: 1000 }, (_, i) => line(i)),
    );
    ws.drain();
    await wait(20);
    ws.drain();
    const lines = ws.sent.flatMap((m) => (m.op === 'lines' ? m.lines : []));
    const gaps = ws.sent.filter((m) => m.op === 'gap');
    expect(lines).toHaveLength(200);
    expect(gaps).toEqual([{ op: 'gap', id: 'id-a', dropped: 800, t: 999, reason: 'rate' }]);
    expect(s.droppedTotal).toBe(800);
  });

  it('holds a bounded amount for a client that stopped reading, and says what it missed', async () => {
    const { ws, feeds, s } = setup({ ...limits, bytesPerSecond: 1e12, burstBytes: 1e12 });
    s.receive(JSON.stringify({ op: 'follow', ids: ['a'] }));
    const v = feeds.viewers.get('id-a')!;
    for (let i = 0; i < 2000; i++) {
      v.lines(
        'id-a',
        Array.from({ length: 50 }, (_, j) => line(i * 50 + j)),
      );
      expect(s.heldBytes).toBeLessThanOrEqual(limits.maxQueuedBytes + limits.maxInFlightBytes + 8192);
      if (i % 100 === 0) await wait(0);
    }
    expect(s.droppedTotal).toBeGreaterThan(90_000);
    // It reads again: the gap comes first, then new lines.
    ws.drain();
    await wait(20);
    ws.drain();
    const before = ws.sent.length;
    v.lines('id-a', [line(1e9, 'fresh')]);
    await wait(20);
    const after = ws.sent.slice(before);
    const gapAt = ws.sent.findIndex((m) => m.op === 'gap');
    expect(gapAt).toBeGreaterThan(-1);
    expect(ws.sent[gapAt]).toMatchObject({ reason: 'slow' });
    expect(after.flatMap((m) => (m.op === 'lines' ? m.lines.map((l) => l[2]) : []))).toContain('fresh');
  });
});
