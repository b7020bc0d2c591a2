import type { LogsServerMessage } from '@phedds/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogsSocket, logsUrl, type LogsWire } from './logs-socket.ts';

class FakeWire implements LogsWire {
  readyState = 0;
  sent: string[] = [];
  closed = false;
  onopen: ((ev: never) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: never) => void) | null = null;
  onerror: ((ev: never) => void) | null = null;
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(undefined as never);
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.(undefined as never);
  }
  receive(msg: LogsServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(msg) } as MessageEvent);
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('LogsSocket', () => {
  it('says what to follow when it opens, and again after a reconnect', () => {
    const wires: FakeWire[] = [];
    const got: LogsServerMessage[] = [];
    const opens: boolean[] = [];
    const s = new LogsSocket({
      url: () => 'ws://x/api/logs',
      createWire: () => {
        const w = new FakeWire();
        wires.push(w);
        return w;
      },
      onMessage: (m) => got.push(m),
      onOpenChange: (o) => opens.push(o),
      random: () => 0,
    });
    s.follow(['a']); // not open yet: remembered
    wires[0]!.open();
    expect(wires[0]!.sent).toEqual(['{"op":"follow","ids":["a"]}']);
    s.follow(['a', 'b']);
    wires[0]!.receive({ op: 'lines', id: 'a', lines: [[1, 0, 'x']] });
    expect(got).toHaveLength(1);
    wires[0]!.drop();
    vi.advanceTimersByTime(250);
    wires[1]!.open();
    expect(wires[1]!.sent).toEqual(['{"op":"follow","ids":["a","b"]}']);
    expect(opens).toEqual([true, false, true]);
    s.close();
    expect(wires[1]!.closed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(wires).toHaveLength(2); // closed for good: no retry
  });

  it('uses wss behind https', () => {
    expect(logsUrl({ protocol: 'https:', host: 'c.example' })).toBe('wss://c.example/api/logs');
    expect(logsUrl({ protocol: 'http:', host: '127.0.0.1:7007' })).toBe('ws://127.0.0.1:7007/api/logs');
  });
});
