import { decodeFrame, encodeFrame, TerminalChannel, type TerminalControl } from '@phedds/shared';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { ProcessExit, TerminalProcess } from './process.ts';
import { CLOSE_REPLACED, TerminalSession, type SessionHooks } from './session.ts';

/** A socket that holds every send until `drain()` is called, like a client that stopped reading. */
class FakeSocket extends EventEmitter {
  readyState = 1;
  sent: Buffer[] = [];
  held: (() => void)[] = [];
  closed: { code: number; reason: string } | undefined;
  paused = false;
  send(data: Buffer, _opts: unknown, cb: () => void): void {
    this.sent.push(data);
    this.held.push(cb);
  }
  drain(): void {
    const cbs = this.held;
    this.held = [];
    for (const cb of cbs) cb();
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
    this.emit('close');
  }
  ping(): void {}
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  controls(): TerminalControl[] {
    return this.sent
      .map((b) => decodeFrame(b))
      .filter((f) => f?.channel === TerminalChannel.control)
      .map((f) => JSON.parse(Buffer.from(f!.payload).toString()) as TerminalControl);
  }
  stdout(): string {
    return this.sent
      .map((b) => decodeFrame(b))
      .filter((f) => f?.channel === TerminalChannel.stdout)
      .map((f) => Buffer.from(f!.payload).toString())
      .join('');
  }
}

class FakeProcess implements TerminalProcess {
  readonly command = ['sh'];
  data?: (c: Buffer) => void;
  exit?: (e: ProcessExit) => void;
  drain?: () => void;
  written: string[] = [];
  sizes: [number, number][] = [];
  paused = false;
  accepting = true;
  onData(l: (c: Buffer) => void): void {
    this.data = l;
  }
  onExit(l: (e: ProcessExit) => void): void {
    this.exit ??= l;
  }
  onDrain(l: () => void): void {
    this.drain = l;
  }
  write(d: Uint8Array): boolean {
    this.written.push(Buffer.from(d).toString());
    return this.accepting;
  }
  resize(c: number, r: number): void {
    this.sizes.push([c, r]);
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  kill(): Promise<void> {
    return Promise.resolve();
  }
}

const events: string[] = [];
const hooks: SessionHooks = {
  attached: () => events.push('attached'),
  detached: () => events.push('detached'),
  exited: (_s, delivered) => events.push(`exited:${delivered}`),
};
const meta = { id: 'id-1', kind: 'host' as const, title: 'host', command: ['sh'], createdAt: 0 };
// Batching off: every chunk leaves at once, so the test sees each send.
const flow = { highWater: 1000, lowWater: 250, batchMs: 0, batchBytes: 1, ackWindow: 2000, ackResume: 500 };

function setup(): { p: FakeProcess; s: TerminalSession; ws: FakeSocket } {
  const p = new FakeProcess();
  const s = new TerminalSession(meta, p, hooks, flow);
  const ws = new FakeSocket();
  s.attach(ws as unknown as WebSocket);
  return { p, s, ws };
}

describe('TerminalSession', () => {
  it('pauses the process above the high-water mark and resumes below the low one', () => {
    const { p, s, ws } = setup();
    ws.drain();
    for (let i = 0; i < 5; i++) p.data!(Buffer.alloc(300, 'y'));
    expect(p.paused).toBe(true);
    expect(s.heldBytes).toBeGreaterThan(1000);
    // The bytes written before the pause are all the server holds: nothing more is read.
    ws.drain();
    expect(p.paused).toBe(false);
    expect(s.heldBytes).toBe(0);
  });

  it('for a client that acks, pauses above the unacknowledged window and resumes once it acked enough', () => {
    const { p, s, ws } = setup();
    const ack = (n: number | string): boolean => ws.emit('message', Buffer.from(encodeFrame(TerminalChannel.ack, String(n))), true);
    ack(0);
    // The socket writes everything at once (a page that reads all), so only the acks hold the flood.
    const chunk = (): void => {
      p.data!(Buffer.alloc(300, 'y'));
      ws.drain();
    };
    for (let i = 0; i < 6; i++) chunk();
    expect(p.paused).toBe(false); // 1800 bytes unacknowledged, window 2000
    chunk();
    expect(p.paused).toBe(true);
    expect(s.heldBytes).toBe(0); // nothing held in the server: the unacknowledged bytes are in the page
    ack(1000); // 1100 left
    expect(p.paused).toBe(true);
    ack(600); // 500 left: the resume mark
    expect(p.paused).toBe(false);
    ack(10_000); // more than was sent counts as all of it
    for (let i = 0; i < 6; i++) chunk();
    expect(p.paused).toBe(false);
    ack('12x');
    expect(ws.controls().at(-1)).toMatchObject({ type: 'error', error: 'bad_frame' });
  });

  it('does not hold a client that never acked to a window: only its socket holds it', () => {
    const { p, ws } = setup();
    for (let i = 0; i < 20; i++) {
      p.data!(Buffer.alloc(300, 'y'));
      ws.drain();
    }
    expect(p.paused).toBe(false);
    for (let i = 0; i < 5; i++) p.data!(Buffer.alloc(300, 'y'));
    expect(p.paused).toBe(true);
  });

  it('counts the replay as sent output', () => {
    const { p, s } = setup();
    for (let i = 0; i < 6; i++) p.data!(Buffer.alloc(300, 'y'));
    const ws2 = new FakeSocket();
    s.attach(ws2 as unknown as WebSocket);
    ws2.drain();
    expect(p.paused).toBe(false);
    ws2.emit('message', Buffer.from(encodeFrame(TerminalChannel.ack, '0')), true);
    p.data!(Buffer.alloc(300, 'y')); // 1800 replayed + 300
    ws2.drain();
    expect(p.paused).toBe(true);
  });

  it('sends attached, then the replay, on a new attach; the old socket is told and closed with 4001', () => {
    const { p, s, ws } = setup();
    p.data!(Buffer.from('hello '));
    p.data!(Buffer.from('world'));
    const ws2 = new FakeSocket();
    s.attach(ws2 as unknown as WebSocket);
    expect(ws.closed?.code).toBe(CLOSE_REPLACED);
    expect(ws.controls().at(-1)).toMatchObject({ type: 'error', error: 'attached_elsewhere' });
    const first = ws2.controls()[0];
    expect(first).toMatchObject({ type: 'attached', replayBytes: 11, session: { id: 'id-1', attached: true } });
    expect(ws2.stdout()).toBe('hello world');
  });

  it('passes stdin and resizes through, answers bad frames and keeps going', () => {
    const { p, ws } = setup();
    ws.emit('message', Buffer.from(encodeFrame(TerminalChannel.stdin, 'ls\n')), true);
    ws.emit('message', Buffer.from(encodeFrame(TerminalChannel.resize, '{"cols":120,"rows":40}')), true);
    ws.emit('message', Buffer.from(encodeFrame(TerminalChannel.resize, '{"cols":5000,"rows":40}')), true);
    ws.emit('message', Buffer.from('hello'), false);
    ws.emit('message', Buffer.from([TerminalChannel.stdout, 65]), true);
    ws.emit('message', Buffer.from(encodeFrame(TerminalChannel.stdin, 'pwd\n')), true);
    expect(p.written).toEqual(['ls\n', 'pwd\n']);
    expect(p.sizes).toEqual([[120, 40]]);
    expect(ws.controls().filter((c) => c.type === 'error')).toHaveLength(3);
    expect(ws.closed).toBeUndefined();
  });

  it('stops reading the socket while the process does not read its input', () => {
    const { p, ws } = setup();
    p.accepting = false;
    ws.emit('message', Buffer.from(encodeFrame(TerminalChannel.stdin, 'x'.repeat(100))), true);
    expect(ws.paused).toBe(true);
    p.drain!();
    expect(ws.paused).toBe(false);
  });

  it('reports the exit to the socket and closes it with 1000; a later attach gets replay and exit', () => {
    events.length = 0;
    const { p, s, ws } = setup();
    p.data!(Buffer.from('bye'));
    p.exit!({ code: 3 });
    expect(ws.controls().at(-1)).toEqual({ type: 'exit', code: 3 });
    expect(ws.closed?.code).toBe(1000);
    expect(s.info().exitCode).toBe(3);
    const ws2 = new FakeSocket();
    s.attach(ws2 as unknown as WebSocket);
    expect(ws2.stdout()).toBe('bye');
    expect(ws2.controls().at(-1)).toEqual({ type: 'exit', code: 3 });
    expect(events).toEqual(['attached', 'exited:true', 'attached', 'exited:true']);
  });

  it('goes on reading into the replay buffer once the socket is gone, and unpauses', () => {
    events.length = 0;
    const { p, s, ws } = setup();
    for (let i = 0; i < 5; i++) p.data!(Buffer.alloc(300, 'y'));
    expect(p.paused).toBe(true);
    ws.terminate();
    expect(p.paused).toBe(false);
    expect(s.attached).toBe(false);
    expect(events).toEqual(['attached', 'detached']);
  });

  it('counts a socket that missed a heartbeat period as gone', () => {
    events.length = 0;
    const { s, ws } = setup();
    s.heartbeat();
    expect(s.attached).toBe(true);
    s.heartbeat();
    expect(s.attached).toBe(false);
    expect(ws.readyState).toBe(3);
    const again = setup();
    again.s.heartbeat();
    again.ws.emit('pong');
    again.s.heartbeat();
    expect(again.s.attached).toBe(true);
  });
});
