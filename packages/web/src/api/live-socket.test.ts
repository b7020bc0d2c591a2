import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContainerDelta, ContainerView, ServerMessage } from '@phedds/shared';
import { LiveSocket, type Wire } from './live-socket.ts';

class FakeWire implements Wire {
  readyState = 0;
  sent: unknown[] = [];
  closed = false;
  onopen: Wire['onopen'] = null;
  onmessage: Wire['onmessage'] = null;
  onclose: Wire['onclose'] = null;
  onerror: Wire['onerror'] = null;

  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(undefined as never);
  }
  receive(msg: ServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(msg) } as MessageEvent);
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.(undefined as never);
  }
}

let wires: FakeWire[];
let live: LiveSocket;

function last(): FakeWire {
  const w = wires.at(-1);
  if (!w) throw new Error('no socket was opened');
  return w;
}

const noopHandlers = { snapshot: (): void => undefined, delta: (): void => undefined };

beforeEach(() => {
  vi.useFakeTimers();
  wires = [];
  live = new LiveSocket({
    url: () => 'ws://console.test/api/live',
    createWire: (url) => {
      const w = new FakeWire(url);
      wires.push(w);
      return w;
    },
    random: () => 0,
  });
});

afterEach(() => {
  live.stop();
  vi.useRealTimers();
});

describe('LiveSocket', () => {
  it('opens one socket lazily and subscribes once per topic, however many subscribers', () => {
    expect(wires).toHaveLength(0);
    const a = live.subscribe('containers', noopHandlers);
    const b = live.subscribe('containers', noopHandlers);
    live.subscribe('engine', noopHandlers);
    expect(wires).toHaveLength(1);
    last().open();
    expect(last().sent).toEqual([
      { op: 'sub', topic: 'containers' },
      { op: 'sub', topic: 'engine' },
    ]);
    a();
    a(); // a second call must not release b's reference
    expect(last().sent).toHaveLength(2);
    expect(live.subscriberCounts().get('containers')).toBe(1);
    b();
    expect(last().sent.at(-1)).toEqual({ op: 'unsub', topic: 'containers' });
    expect(live.subscriberCounts().has('containers')).toBe(false);
  });

  it('routes snapshots and deltas to the subscribers of their topic only', () => {
    const got: string[] = [];
    live.subscribe('containers', {
      snapshot: (d: ContainerView[]) => got.push(`containers snapshot ${d.length}`),
      delta: (d: ContainerDelta) => got.push(`containers delta ${d.remove.join()}`),
    });
    live.subscribe('engine', { snapshot: (d) => got.push(`engine ${d.state}`), delta: () => undefined });
    last().open();
    last().receive({ op: 'snapshot', topic: 'containers', data: [] });
    last().receive({ op: 'delta', topic: 'containers', data: { upsert: [], remove: ['abc'] } });
    last().receive({ op: 'snapshot', topic: 'engine', data: { state: 'up', address: 'unix:///x', since: 1 } });
    expect(got).toEqual(['containers snapshot 0', 'containers delta abc', 'engine up']);
  });

  it('reconnects with growing backoff and re-subscribes every active topic', () => {
    live.subscribe('containers', noopHandlers);
    live.subscribe('engine', noopHandlers);
    last().open();
    last().drop();
    expect(live.getInfo()).toMatchObject({ state: 'closed', failures: 1 });
    vi.advanceTimersByTime(249);
    expect(wires).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(wires).toHaveLength(2);
    last().drop(); // refused again
    vi.advanceTimersByTime(499);
    expect(wires).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(wires).toHaveLength(3);
    last().open();
    expect(live.getInfo().state).toBe('open');
    expect(last().sent).toEqual([
      { op: 'sub', topic: 'containers' },
      { op: 'sub', topic: 'engine' },
    ]);
  });

  it('resets the backoff once the server speaks', () => {
    live.subscribe('engine', noopHandlers);
    last().drop();
    vi.advanceTimersByTime(250);
    last().drop();
    vi.advanceTimersByTime(500);
    last().open();
    last().receive({ op: 'hello', version: '0.1.0', heartbeatMs: 1000 });
    expect(live.getInfo()).toMatchObject({ state: 'open', failures: 0, serverVersion: '0.1.0' });
    last().drop();
    const before = wires.length;
    vi.advanceTimersByTime(250);
    expect(wires).toHaveLength(before + 1);
  });

  it('treats 2x heartbeat of silence as a dead socket', () => {
    live.subscribe('containers', noopHandlers);
    const first = last();
    first.open();
    first.receive({ op: 'hello', version: '0.1.0', heartbeatMs: 1000 });
    vi.advanceTimersByTime(1500);
    first.receive({ op: 'hb', t: Date.now() }); // keeps it alive
    vi.advanceTimersByTime(1999);
    expect(first.closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(first.closed).toBe(true);
    expect(live.getInfo().state).toBe('closed');
    vi.advanceTimersByTime(250);
    expect(wires).toHaveLength(2);
  });

  it('gives up on a socket that never opens', () => {
    live.subscribe('containers', noopHandlers);
    vi.advanceTimersByTime(10_000);
    expect(wires[0]?.closed).toBe(true);
    expect(live.getInfo()).toMatchObject({ state: 'closed', failures: 1 });
  });

  it('ignores events from a socket it already replaced', () => {
    const snapshots: number[] = [];
    live.subscribe('containers', { snapshot: (d) => snapshots.push(d.length), delta: () => undefined });
    const old = last();
    old.open();
    old.drop();
    vi.advanceTimersByTime(250);
    old.receive({ op: 'snapshot', topic: 'containers', data: [] });
    expect(snapshots).toEqual([]);
  });

  it('notifies connection listeners on state changes', () => {
    const states: string[] = [];
    live.onInfo(() => states.push(live.getInfo().state));
    live.subscribe('engine', noopHandlers);
    last().open();
    last().drop();
    expect(states).toEqual(['open', 'closed']);
  });
});
