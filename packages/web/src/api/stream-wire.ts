import type { BinaryWire } from './terminal.ts';

/** The parts of Chromium's WebSocketStream used here (not in TypeScript's DOM library yet). */
export interface WebSocketStreamLike {
  readonly opened: Promise<{ readable: ReadableStream<ArrayBuffer | ArrayBufferView | string>; writable: WritableStream<Uint8Array> }>;
  readonly closed: Promise<unknown>;
  close(info?: { closeCode?: number; reason?: string }): void;
}
export type WebSocketStreamConstructor = new (url: string) => WebSocketStreamLike;

/** The browser's WebSocketStream, when it has one (Chromium does; Firefox and Safari do not yet). */
export function webSocketStream(): WebSocketStreamConstructor | undefined {
  return (globalThis as { WebSocketStream?: WebSocketStreamConstructor }).WebSocketStream;
}

function toArrayBuffer(v: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  if (v instanceof ArrayBuffer) return v;
  return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer;
}

/**
 * A `BinaryWire` over WebSocketStream, which a plain WebSocket cannot be: the next message is read
 * only once `ready()` allows it, and while it is not read the browser stops reading the network,
 * so the server's socket backs up and it pauses the process. A flood then runs at the speed the
 * page draws, end to end, instead of piling up in the page.
 */
export class StreamWire implements BinaryWire {
  readyState = 0;
  binaryType: BinaryType = 'arraybuffer';
  onopen: ((ev: never) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: never) => void) | null = null;
  onerror: ((ev: never) => void) | null = null;
  private writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  private readonly stream: WebSocketStreamLike;

  constructor(
    url: string,
    /** Undefined when more output is welcome now, else a promise that resolves when it is. */
    private readonly ready: () => Promise<void> | undefined,
    Ctor: WebSocketStreamConstructor,
  ) {
    this.stream = new Ctor(url);
    void this.run();
  }

  send(data: Uint8Array): void {
    if (this.readyState === 1) this.writer?.write(data).catch(() => undefined);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    try {
      this.stream.close({ ...(code === undefined ? {} : { closeCode: code }), ...(reason === undefined ? {} : { reason }) });
    } catch {
      // already closing
    }
  }

  private async run(): Promise<void> {
    try {
      const { readable, writable } = await this.stream.opened;
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.writer = writable.getWriter();
      this.onopen?.(undefined as never);
      const reader = readable.getReader();
      for (;;) {
        const wait = this.ready();
        if (wait) await wait;
        const { value, done } = await reader.read();
        if (done || this.readyState !== 1) break;
        this.onmessage?.({ data: typeof value === 'string' ? value : toArrayBuffer(value) } as MessageEvent);
      }
    } catch {
      // refused, dropped or closed: reported as a close below, like a WebSocket's close event
    } finally {
      this.readyState = 3;
      this.onclose?.(undefined as never);
    }
  }
}
