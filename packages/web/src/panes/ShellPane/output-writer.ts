/** Writes to the terminal; `done` runs once the terminal has parsed the chunk. */
export type TerminalWrite = (data: Uint8Array | string, done?: () => void) => void;

/** Output waiting in the terminal's parser beyond which new output is skipped. */
export const OUTPUT_BACKLOG_LIMIT = 24 * 1024 * 1024;

/**
 * Feeds session output to the terminal with a bounded backlog. The server holds a flood at the
 * speed the page draws (the socket acknowledges what `done` reports), so the backlog stays near
 * the server's window; the limit is a last guard, since xterm.js throws once 50 MB wait in its
 * parser: output arriving while the backlog is over it is skipped, and a line saying how much was
 * skipped is written once it drains. Like a `gap` on the live socket, the newest output always
 * gets through.
 */
export class OutputWriter {
  private backlog = 0;
  private skipped = 0;
  /** Bytes skipped since the writer was created (for diagnostics and the benchmark). */
  skippedTotal = 0;

  constructor(
    private readonly write: TerminalWrite,
    private readonly limit = OUTPUT_BACKLOG_LIMIT,
  ) {}

  /** `done` runs once the terminal has parsed `data`, or at once when it is skipped. */
  output(data: Uint8Array, done?: () => void): void {
    if (this.backlog + data.length > this.limit) {
      this.skipped += data.length;
      this.skippedTotal += data.length;
      done?.();
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
      done?.();
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
