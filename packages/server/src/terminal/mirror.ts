import type { TerminalControl, TerminalInfo } from '@phedds/shared';
import type { WebSocket } from 'ws';
import { controlFrame, outputFrame, SOCKET_OPEN } from './frames.ts';

/** Output waiting in one watcher's socket above which its output is skipped (it never slows the terminal). */
export const MIRROR_MAX_BUFFERED = 1024 * 1024;

/**
 * A read-only view of a terminal (the audience's): the replay, then the output as it comes; never
 * input. A watcher that falls behind misses output rather than slowing the terminal or growing the
 * server's memory, and is told how much it missed.
 */
export class TerminalMirror {
  private skipped = 0;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    info: TerminalInfo,
    replay: Buffer,
    private readonly onClose: (m: TerminalMirror) => void,
    private readonly maxBuffered = MIRROR_MAX_BUFFERED,
  ) {
    this.control({ type: 'attached', session: info, replayBytes: replay.length });
    if (replay.length > 0) this.send(outputFrame([replay]));
    // Anything the watcher sends is ignored: a mirror has no input, no resize.
    ws.on('message', () => undefined);
    ws.on('close', () => this.close());
    ws.on('error', () => this.close());
  }

  push(chunk: Buffer): void {
    if (this.closed || this.ws.readyState !== SOCKET_OPEN) return;
    if (this.ws.bufferedAmount > this.maxBuffered) {
      this.skipped += chunk.length;
      return;
    }
    if (this.skipped > 0) {
      const kib = Math.max(1, Math.round(this.skipped / 1024));
      this.skipped = 0;
      this.send(outputFrame([Buffer.from(`\r\n\x1b[2m[… ${kib} KiB of output skipped on this view]\x1b[0m\r\n`)]));
    }
    this.send(outputFrame([chunk]));
  }

  exit(code: number | null, signal?: string): void {
    this.control({ type: 'exit', code, ...(signal ? { signal } : {}) });
    this.ws.close(1000, 'process exited');
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ws.readyState === SOCKET_OPEN) this.ws.close(1000, 'terminal ended');
    this.onClose(this);
  }

  private control(msg: TerminalControl): void {
    this.send(controlFrame(msg));
  }

  private send(frame: Buffer): void {
    if (this.ws.readyState === SOCKET_OPEN) this.ws.send(frame);
  }
}
