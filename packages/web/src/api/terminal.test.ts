import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  parseResize,
  TERMINAL_ACK_BYTES,
  TerminalChannel,
  type TerminalControl,
  type TerminalInfo,
} from '@phedds/shared';
import { TerminalSocket, type BinaryWire, type TerminalSocketHandlers } from './terminal.ts';
import type { SessionPresence } from './terminal-reattach.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

class FakeWire implements BinaryWire {
  readyState = 0;
  binaryType: BinaryType = 'blob';
  sent: Uint8Array[] = [];
  onopen: BinaryWire['onopen'] = null;
  onmessage: BinaryWire['onmessage'] = null;
  onclose: BinaryWire['onclose'] = null;
  onerror: BinaryWire['onerror'] = null;
  closed = false;
  constructor(readonly url: string) {}
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(undefined as never);
  }
  frame(channel: TerminalChannel, payload: string | Uint8Array): void {
    const f = encodeFrame(channel, payload);
    this.onmessage?.({ data: f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength) } as MessageEvent);
  }
  control(msg: TerminalControl): void {
    this.frame(TerminalChannel.control, JSON.stringify(msg));
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.(undefined as never);
  }
}

const session: TerminalInfo = { id: 's1', kind: 'host', title: 'host', command: ['/bin/sh'], createdAt: 0, attached: true };

describe('terminal frames', () => {
  it('round-trips every channel through the shared encoder and decoder', () => {
    for (const channel of Object.values(TerminalChannel)) {
      const payload = enc.encode(`héllo ${channel}\x1b[0m`);
      const f = decodeFrame(encodeFrame(channel, payload));
      expect(f?.channel).toBe(channel);
      expect(dec.decode(f?.payload)).toBe(`héllo ${channel}\x1b[0m`);
    }
    expect(decodeFrame(new Uint8Array([]))).toBeUndefined();
    expect(decodeFrame(new Uint8Array([9, 1]))).toBeUndefined();
  });

  it('encodes resize frames the server accepts', () => {
    const f = decodeFrame(encodeFrame(TerminalChannel.resize, JSON.stringify({ cols: 120, rows: 40 })));
    expect(f && parseResize(f.payload)).toEqual({ cols: 120, rows: 40 });
  });
});

describe('TerminalSocket', () => {
  let wires: FakeWire[];
  let presence: SessionPresence;
  let events: string[];
  let output: string;

  const handlers: TerminalSocketHandlers = {
    attached: (s, replay) => events.push(`attached ${s.id} ${replay}`),
    output: (d) => (output += dec.decode(d)),
    state: (s) => events.push(`state ${s}`),
    exit: (code) => events.push(`exit ${code}`),
    failed: (message, code) => events.push(`failed ${code}: ${message}`),
  };
  const last = (): FakeWire => wires.at(-1)!;
  const make = (): TerminalSocket =>
    new TerminalSocket({
      id: 's1',
      handlers,
      url: (id) => `ws://console.test/api/terminals/${id}/attach`,
      createWire: (url) => {
        const w = new FakeWire(url);
        wires.push(w);
        return w;
      },
      presence: () => Promise.resolve(presence),
      random: () => 0,
    });

  beforeEach(() => {
    vi.useFakeTimers();
    wires = [];
    presence = 'listed';
    events = [];
    output = '';
  });
  afterEach(() => vi.useRealTimers());

  it('attaches, shows output, sends input and the remembered size as binary frames', () => {
    const t = make();
    expect(last().binaryType).toBe('arraybuffer');
    t.resize(100, 30); // before the socket is open: remembered, not sent
    last().open();
    last().control({ type: 'attached', session, replayBytes: 5 });
    last().frame(TerminalChannel.stdout, 'hello');
    t.input('ls\r');
    expect(events).toEqual(['state connecting', 'attached s1 5', 'state open']);
    expect(output).toBe('hello');
    const sent = last().sent.map((f) => decodeFrame(f)!);
    // The ack of nothing yet turns on the server's flow control.
    expect(sent.map((f) => f.channel)).toEqual([TerminalChannel.resize, TerminalChannel.ack, TerminalChannel.stdin]);
    expect(parseResize(sent[0]!.payload)).toEqual({ cols: 100, rows: 30 });
    expect(dec.decode(sent[1]!.payload)).toBe('0');
    expect(dec.decode(sent[2]!.payload)).toBe('ls\r');
  });

  it('acknowledges drawn output in batches of TERMINAL_ACK_BYTES, counting from each attach', async () => {
    const pending: (() => void)[] = [];
    const t = new TerminalSocket({
      id: 's1',
      handlers: { ...handlers, output: (_d, done) => pending.push(done) },
      url: (id) => `ws://console.test/api/terminals/${id}/attach`,
      createWire: (url) => {
        const w = new FakeWire(url);
        wires.push(w);
        return w;
      },
      presence: () => Promise.resolve(presence),
      random: () => 0,
    });
    const acks = (): number[] =>
      last()
        .sent.map((f) => decodeFrame(f)!)
        .filter((f) => f.channel === TerminalChannel.ack)
        .map((f) => Number(dec.decode(f.payload)));
    last().open();
    last().control({ type: 'attached', session, replayBytes: 0 });
    const chunk = new Uint8Array(TERMINAL_ACK_BYTES / 4);
    for (let i = 0; i < 5; i++) last().frame(TerminalChannel.stdout, chunk);
    expect(acks()).toEqual([0]); // nothing drawn yet
    for (const done of pending.splice(0, 3)) done();
    expect(acks()).toEqual([0]);
    pending.shift()!();
    expect(acks()).toEqual([0, TERMINAL_ACK_BYTES]);
    // A drop: what the old socket's output reports later is not counted on the new one.
    last().drop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(wires).toHaveLength(2);
    last().open();
    last().control({ type: 'attached', session, replayBytes: 0 });
    for (const done of pending.splice(0)) done();
    for (let i = 0; i < 3; i++) last().frame(TerminalChannel.stdout, chunk);
    for (const done of pending.splice(0)) done();
    expect(acks()).toEqual([0]);
    last().frame(TerminalChannel.stdout, chunk);
    pending.shift()!();
    expect(acks()).toEqual([0, TERMINAL_ACK_BYTES]);
    t.close();
  });

  it('re-attaches to the same session after a drop and sends the size again', async () => {
    const t = make();
    last().open();
    last().control({ type: 'attached', session, replayBytes: 0 });
    t.resize(90, 20);
    last().drop();
    expect(events.at(-1)).toBe('state reconnecting');
    await vi.advanceTimersByTimeAsync(250);
    expect(wires).toHaveLength(2);
    expect(last().url).toBe('ws://console.test/api/terminals/s1/attach');
    last().open();
    last().control({ type: 'attached', session, replayBytes: 42 });
    expect(events.slice(-2)).toEqual(['attached s1 42', 'state open']);
    expect(parseResize(decodeFrame(last().sent[0]!)!.payload)).toEqual({ cols: 90, rows: 20 });
  });

  it('says the session is gone, in words, when the server no longer lists it', async () => {
    make();
    presence = 'missing';
    last().drop(); // e.g. the upgrade was answered 404
    await vi.advanceTimersByTimeAsync(0);
    expect(events.at(-2)).toMatch(/^failed gone: This session is over/);
    expect(events.at(-1)).toBe('state ended');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(wires).toHaveLength(1);
  });

  it('keeps retrying while the server is unreachable, with backoff', async () => {
    make();
    presence = 'unknown';
    last().drop();
    await vi.advanceTimersByTimeAsync(250);
    expect(wires).toHaveLength(2);
    last().drop();
    await vi.advanceTimersByTimeAsync(499);
    expect(wires).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(wires).toHaveLength(3);
  });

  it('stops after the process exits or the server reports an error', async () => {
    make();
    last().open();
    last().control({ type: 'exit', code: 3 });
    last().drop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(events).toContain('exit 3');
    expect(wires).toHaveLength(1);

    make();
    last().open();
    last().control({ type: 'error', error: 'not_running', message: 'web-1 is not running.' });
    last().drop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(events).toContain('failed not_running: web-1 is not running.');
    expect(wires).toHaveLength(2);
  });

  it('closing stops every retry and ignores late frames', async () => {
    const t = make();
    last().open();
    const w = last();
    t.close();
    expect(w.closed).toBe(true);
    w.frame(TerminalChannel.stdout, 'late');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(output).toBe('');
    expect(wires).toHaveLength(1);
  });
});
