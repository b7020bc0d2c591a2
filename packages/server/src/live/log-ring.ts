import type { LogTuple } from '@phedds/shared';

/** Bytes a line is counted for: its text and a fixed overhead for the tuple around it. */
export function lineCost(line: LogTuple): number {
  return line[2].length + 24;
}

/**
 * The most recent lines of one container, bounded by count and by bytes (a few huge lines must
 * not hold as much memory as many short ones). A circular array: a flood pushes and evicts
 * thousands of lines a second without moving the others.
 */
export class LogRing {
  private readonly items: (LogTuple | undefined)[];
  private head = 0;
  private count = 0;
  private bytesHeld = 0;

  constructor(
    private readonly maxLines: number,
    private readonly maxBytes: number,
  ) {
    this.items = new Array<LogTuple | undefined>(maxLines);
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.bytesHeld;
  }

  /** Time of the newest line (NaN when empty). */
  get lastTime(): number {
    return this.count === 0 ? NaN : this.items[(this.head + this.count - 1) % this.maxLines]![0];
  }

  push(line: LogTuple): void {
    if (this.count === this.maxLines) this.evict();
    this.items[(this.head + this.count) % this.maxLines] = line;
    this.count++;
    this.bytesHeld += lineCost(line);
    while (this.bytesHeld > this.maxBytes && this.count > 1) this.evict();
  }

  /** The newest `n` lines, oldest first. */
  last(n: number): LogTuple[] {
    const k = Math.min(n, this.count);
    const out: LogTuple[] = new Array<LogTuple>(k);
    for (let i = 0; i < k; i++) out[i] = this.items[(this.head + this.count - k + i) % this.maxLines]!;
    return out;
  }

  private evict(): void {
    const old = this.items[this.head]!;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.maxLines;
    this.count--;
    this.bytesHeld -= lineCost(old);
  }
}
