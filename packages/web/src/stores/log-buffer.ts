import type { LogStreamKind, LogTuple } from '@phedds/shared';
import { hasControls, stripAnsi } from '../components/ansi.ts';

/** One row of the Logs pane: a line, or a marker where lines were dropped. */
export interface LogEntry {
  /** Unique and increasing in arrival order: a stable key for rows. */
  seq: number;
  /** Container id. */
  id: string;
  /** The engine's time of the line (epoch ms, fraction kept). */
  t: number;
  stream: LogStreamKind;
  /** The line as written, ANSI escapes included. */
  text: string;
  /** The line without escapes: what search and filters read. */
  plain: string;
  /** Bytes the server cut from a line longer than its cap. */
  cut?: number;
  /** Set on a marker row: this many lines were not delivered here. */
  gap?: { dropped: number; reason: 'rate' | 'slow' };
}

/**
 * The lines the page holds, of every followed container merged by time: a bounded array (oldest
 * dropped first, and counted), kept sorted by the engine's timestamps. Lines of one container come
 * in order, nearly always after everything held, so they are appended; a batch that reaches back
 * (the history of a container just added) is merged in one pass instead of inserted line by line.
 */
export class LogBuffer {
  private items: LogEntry[] = [];
  private seq = 0;
  /** Per container: lines at or before this time are already held (set when re-following). */
  private readonly resumeAfter = new Map<string, number>();
  private readonly lastTime = new Map<string, number>();
  /** Changes whenever the content does, so views know to redraw. */
  version = 0;
  /** Lines dropped from the front to stay within capacity. */
  evicted = 0;
  /** Lines received since the buffer was created (markers not counted). */
  received = 0;
  /** Lines the server reported as dropped (in gap markers). */
  dropped = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  /** The rows, oldest first. Do not change the array; `snapshot` gives a copy to keep. */
  entries(): readonly LogEntry[] {
    return this.items;
  }

  snapshot(): LogEntry[] {
    return this.items.slice();
  }

  /** The container is followed again (after a reconnect): its history will repeat lines held. */
  resume(id: string): void {
    const last = this.lastTime.get(id);
    if (last !== undefined) this.resumeAfter.set(id, last);
  }

  add(id: string, lines: readonly LogTuple[]): void {
    const after = this.resumeAfter.get(id);
    const batch: LogEntry[] = [];
    for (const [t, stream, text, cut] of lines) {
      if (after !== undefined && t <= after) continue;
      const e: LogEntry = { seq: ++this.seq, id, t, stream, text, plain: hasControls(text) ? stripAnsi(text) : text };
      if (cut) e.cut = cut;
      batch.push(e);
    }
    if (after !== undefined && batch.length > 0) this.resumeAfter.delete(id);
    if (batch.length === 0) return;
    this.received += batch.length;
    const last = batch.reduce((m, e) => Math.max(m, e.t), this.lastTime.get(id) ?? -Infinity);
    this.lastTime.set(id, last);
    this.insert(batch);
  }

  addGap(id: string, t: number, dropped: number, reason: 'rate' | 'slow'): void {
    this.dropped += dropped;
    this.insert([{ seq: ++this.seq, id, t, stream: 0, text: '', plain: '', gap: { dropped, reason } }]);
  }

  /** Forgets a container's lines (it is no longer followed). */
  removeContainer(id: string): void {
    this.resumeAfter.delete(id);
    this.lastTime.delete(id);
    const before = this.items.length;
    this.items = this.items.filter((e) => e.id !== id);
    if (this.items.length !== before) this.version++;
  }

  /** Empties the rows; with `forget` false, lines already seen stay known (a re-sent history is skipped). */
  clear(forget = true): void {
    this.items = [];
    if (forget) {
      this.resumeAfter.clear();
      this.lastTime.clear();
      this.received = 0;
      this.dropped = 0;
    } else for (const [id, t] of this.lastTime) this.resumeAfter.set(id, t);
    this.evicted = 0;
    this.version++;
  }

  private insert(batch: LogEntry[]): void {
    const tail = this.items[this.items.length - 1];
    const sorted = isSorted(batch) ? batch : batch.slice().sort(byTime);
    if (!tail || sorted[0]!.t >= tail.t) {
      for (const e of sorted) this.items.push(e);
    } else {
      this.items = merge(this.items, sorted);
    }
    const over = this.items.length - this.capacity;
    if (over > 0) {
      this.items.splice(0, over);
      this.evicted += over;
    }
    this.version++;
  }
}

const byTime = (a: LogEntry, b: LogEntry): number => a.t - b.t || a.seq - b.seq;

function isSorted(a: LogEntry[]): boolean {
  for (let i = 1; i < a.length; i++) if (a[i]!.t < a[i - 1]!.t) return false;
  return true;
}

/** Merges two time-sorted arrays; on equal times the one held first stays first. */
function merge(a: LogEntry[], b: LogEntry[]): LogEntry[] {
  const out = new Array<LogEntry>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]!.t <= b[j]!.t ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
