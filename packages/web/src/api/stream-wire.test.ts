import { describe, expect, it } from 'vitest';
import { StreamWire, type WebSocketStreamLike } from './stream-wire.ts';

/** A WebSocketStream double: messages are queued by the test, reads are counted. */
class FakeStream implements WebSocketStreamLike {
  static last: FakeStream;
  readonly sent: Uint8Array[] = [];
  readonly closedWith: unknown[] = [];
  reads = 0;
  private controller!: ReadableStreamDefaultController<ArrayBuffer>;
  private open!: (v: Awaited<WebSocketStreamLike['opened']>) => void;
  private fail!: (e: Error) => void;
  readonly opened = new Promise<Awaited<WebSocketStreamLike['opened']>>((resolve, reject) => {
    this.open = resolve;
    this.fail = reject;
  });
  readonly closed = Promise.resolve();

  constructor(readonly url: string) {
    FakeStream.last = this;
  }
  accept(): void {
    const readable = new ReadableStream<ArrayBuffer>(
      {
        start: (c) => void (this.controller = c),
        pull: () => void this.reads++,
      },
      { highWaterMark: 0 },
    );
    const writable = new WritableStream<Uint8Array>({ write: (chunk) => void this.sent.push(chunk) });
    this.open({ readable, writable });
  }
  refuse(): void {
    this.fail(new Error('refused'));
  }
  push(bytes: number[]): void {
    this.controller.enqueue(new Uint8Array(bytes).buffer);
  }
  end(): void {
    this.controller.close();
  }
  close(info?: unknown): void {
    this.closedWith.push(info);
    this.controller.close();
  }
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('StreamWire', () => {
  it('opens, delivers binary messages as ArrayBuffers, sends, and reports the close', async () => {
    const events: string[] = [];
    const wire = new StreamWire('ws://t/a', () => undefined, FakeStream);
    wire.onopen = () => events.push('open');
    wire.onmessage = (e) => events.push(`msg ${[...new Uint8Array(e.data as ArrayBuffer)].join(',')}`);
    wire.onclose = () => events.push('close');
    FakeStream.last.accept();
    await tick();
    expect(wire.readyState).toBe(1);
    wire.send(new Uint8Array([0, 97]));
    FakeStream.last.push([1, 98]);
    await tick();
    FakeStream.last.end();
    await tick();
    expect(events).toEqual(['open', 'msg 1,98', 'close']);
    expect(FakeStream.last.sent).toEqual([new Uint8Array([0, 97])]);
  });

  it('does not read while the page is not ready for more output', async () => {
    let release = (): void => undefined;
    let busy = true;
    const gate = (): Promise<void> | undefined => (busy ? new Promise<void>((r) => (release = r)) : undefined);
    const got: number[] = [];
    const wire = new StreamWire('ws://t/a', gate, FakeStream);
    wire.onmessage = (e) => got.push(new Uint8Array(e.data as ArrayBuffer)[0]!);
    FakeStream.last.accept();
    FakeStream.last.push([1]);
    await tick();
    expect(got).toEqual([]);
    expect(FakeStream.last.reads).toBe(0); // nothing pulled from the network either
    busy = false;
    release();
    await tick();
    expect(got).toEqual([1]);
  });

  it('reports a refused upgrade as a close, like a WebSocket', async () => {
    let closed = false;
    const wire = new StreamWire('ws://t/a', () => undefined, FakeStream);
    wire.onclose = () => (closed = true);
    FakeStream.last.refuse();
    await tick();
    expect(closed).toBe(true);
    expect(wire.readyState).toBe(3);
  });

  it('closes with the code and reason given', async () => {
    const wire = new StreamWire('ws://t/a', () => undefined, FakeStream);
    FakeStream.last.accept();
    await tick();
    wire.close(1000, 'bye');
    expect(FakeStream.last.closedWith).toEqual([{ closeCode: 1000, reason: 'bye' }]);
  });
});
