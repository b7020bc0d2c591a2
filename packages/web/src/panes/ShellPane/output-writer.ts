/** Writes to the terminal; `done` runs once the terminal has parsed the chunk. */
export type TerminalWrite = (data: Uint8Array | string, done?: () => void) => void;

/** Output waiting in the terminal's parser beyond which new output is skipped. */
export const OUTPUT_BACKLOG_LIMIT = 24 * 1024 * 1024;
/** Above this backlog the socket stops being read (where the browser can); below `RESUME` it goes on. */
export const OUTPUT_PAUSE_BYTES = 1024 * 1024;
export const OUTPUT_RESUME_BYTES = 256 * 1024;

/**
 * Feeds session output to the terminal with a bounded backlog. `ready()` tells the socket when to
 * stop reading: with WebSocketStream that slows the server down end to end. A plain WebSocket
 * cannot stop reading, and xterm.js throws once 50 MB wait in its parser, so there a flood that
 * outruns drawing (say `cat` of a huge file) is cut: output arriving while the backlog is over the
 * limit is skipped, and a line saying how much was skipped is written once it drains. Like a `gap`
 * on the live socket, the newest output always gets through.
 */
export class OutputWriter {
  private backlog = 0;
  private skipped = 0;
  private drained: { promise: Promise<void>; resolve: () => void } | undefined;
  private released = false;
  /** Bytes skipped since the writer was created (for diagnostics and the benchmark). */
  skippedTotal = 0;

  constructor(
    private readonly write: TerminalWrite,
    private readonly limit = OUTPUT_BACKLOG_LIMIT,
    private readonly pauseAt = OUTPUT_PAUSE_BYTES,
    private readonly resumeAt = OUTPUT_RESUME_BYTES,
  ) {}

  /** Undefined while more output is welcome, else a promise resolved once the backlog went down. */
  ready(): Promise<void> | undefined {
    if (this.backlog < this.pauseAt || this.released) return undefined;
    if (!this.drained) {
      let resolve = (): void => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      this.drained = { promise, resolve };
    }
    return this.drained.promise;
  }

  /** The terminal is going away: lets a reader waiting in `ready()` go, and never holds one again. */
  release(): void {
    this.released = true;
    this.resume();
  }

  private resume(): void {
    this.drained?.resolve();
    this.drained = undefined;
  }

  output(data: Uint8Array): void {
    if (this.backlog + data.length > this.limit) {
      this.skipped += data.length;
      this.skippedTotal += data.length;
      return;
    }
    if (this.skipped > 0) {
      this.write(
        `\r\n\x1b[0;33m[${formatBytes(this.skipped)} of output skipped: it arrived faster than the page could draw it]\x1b[0m\r\n`,
      );
      this.skipped = 0;
    }
    this.backlog += data.length;
    this.write(data, () => {
      this.backlog -= data.length;
      if (this.drained && this.backlog <= this.resumeAt) this.resume();
    });
  }

  /** Text from the console itself (not the process), in order with the output. */
  note(text: string): void {
    this.write(text);
  }

  /** Bytes handed to the terminal and not parsed yet. */
  get pending(): number {
    return this.backlog;
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}
