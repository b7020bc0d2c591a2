import { parseLogsClientMessage, type LogLimits, type LogsServerMessage, type LogTuple } from '@phedds/shared';
import type { WireSocket } from './client-queue.ts';
import type { LogViewer } from './log-hub.ts';
import { lineCost } from './log-ring.ts';

export interface LogSessionLimits {
  /** Containers one socket follows at once. */
  maxContainers: number;
  /** Average bytes of log text a second; lines beyond are dropped and counted. */
  bytesPerSecond: number;
  /** What a quiet socket may receive at once (history of newly followed containers). */
  burstBytes: number;
  /** Bytes waiting to be handed to the socket. */
  maxQueuedBytes: number;
  /** Bytes handed to the socket and not yet written. */
  maxInFlightBytes: number;
  /** How long lines gather before they go out as one frame per container. */
  flushMs: number;
}

export const DEFAULT_SESSION_LIMITS: LogSessionLimits = {
  maxContainers: 32,
  bytesPerSecond: 256 * 1024,
  burstBytes: 1024 * 1024,
  maxQueuedBytes: 512 * 1024,
  maxInFlightBytes: 512 * 1024,
  flushMs: 40,
};

const OPEN = 1;

/** What a session needs of the hub (LogHub is one). */
export interface LogFeeds {
  resolve(ref: string): string | undefined;
  subscribe(ref: string, viewer: LogViewer): () => void;
}

interface Dropped {
  count: number;
  t: number;
  reason: 'rate' | 'slow';
}

type Queued = { kind: 'lines'; id: string; lines: LogTuple[] } | { kind: 'message'; msg: LogsServerMessage; bytes: number };

/**
 * One logs socket: which containers it follows, and the bounded path from the hub to the wire.
 * Each line costs tokens from a bucket refilled at `bytesPerSecond`; a line finds no token, or no
 * room in the queue (the client reads slowly), and it is dropped and counted; the count goes out
 * as a `gap` before the next line of that container, or on the next tick. Memory per socket is
 * therefore bounded by the queue and in-flight limits, whatever the containers write.
 */
export class LogSession {
  private readonly subs = new Map<string, () => void>();
  private readonly queue: Queued[] = [];
  private queuedBytes = 0;
  private inFlight = 0;
  private tokens: number;
  private refilledAt = Date.now();
  private readonly dropped = new Map<string, Dropped>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Lines dropped since the socket opened (all containers). */
  droppedTotal = 0;
  /** Largest `heldBytes` seen: what the bound is tested against. */
  peakHeldBytes = 0;

  constructor(
    private readonly ws: WireSocket,
    private readonly hub: LogFeeds,
    private readonly limits: LogSessionLimits,
    hello: { version: string; limits: LogLimits },
  ) {
    this.tokens = limits.burstBytes;
    this.push({ op: 'hello', ...hello });
  }

  /** Bytes held for this socket now: queued plus handed to the socket. */
  get heldBytes(): number {
    return this.queuedBytes + this.inFlight;
  }

  /** Containers followed now (full ids, or references that did not resolve). */
  get following(): string[] {
    return [...this.subs.keys()];
  }

  receive(raw: string): void {
    const parsed = parseLogsClientMessage(raw, this.limits);
    if (!parsed.ok) {
      this.push({ op: 'error', error: 'bad_message', message: parsed.message });
      return;
    }
    const m = parsed.value;
    if (m.op === 'ping') {
      this.push({ op: 'pong', t: m.t });
      return;
    }
    this.follow(m.ids);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const unsub of this.subs.values()) unsub();
    this.subs.clear();
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private follow(refs: string[]): void {
    const wanted = new Map<string, string>();
    for (const ref of refs) wanted.set(this.hub.resolve(ref) ?? ref, ref);
    for (const [key, unsub] of this.subs) {
      if (wanted.has(key)) continue;
      unsub();
      this.subs.delete(key);
      this.dropped.delete(key);
      this.forget(key);
    }
    for (const [key, ref] of wanted) {
      if (this.subs.has(key)) continue;
      const viewer: LogViewer = {
        lines: (id, lines) => this.accept(id, lines),
        state: (id, name, state, message) => this.push({ op: 'state', id, name, state, ...(message !== undefined ? { message } : {}) }),
      };
      this.subs.set(key, this.hub.subscribe(ref, viewer));
    }
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.limits.burstBytes, this.tokens + ((now - this.refilledAt) * this.limits.bytesPerSecond) / 1000);
    this.refilledAt = now;
  }

  private accept(id: string, lines: LogTuple[]): void {
    if (this.closed) return;
    this.refill();
    const room = this.limits.maxQueuedBytes + this.limits.maxInFlightBytes;
    let target: LogTuple[] | undefined;
    for (const line of lines) {
      const cost = lineCost(line);
      if (this.tokens < cost || this.heldBytes + cost > room) {
        this.drop(id, line[0], this.tokens < cost ? 'rate' : 'slow');
        continue;
      }
      this.tokens -= cost;
      if (this.dropped.has(id)) {
        this.pushGap(id);
        target = undefined;
      }
      if (!target) {
        const last = this.queue[this.queue.length - 1];
        if (last?.kind === 'lines' && last.id === id) target = last.lines;
        else {
          target = [];
          this.queue.push({ kind: 'lines', id, lines: target });
          this.queuedBytes += 64;
        }
      }
      target.push(line);
      this.queuedBytes += cost;
    }
    this.peakHeldBytes = Math.max(this.peakHeldBytes, this.heldBytes);
    this.schedule();
  }

  private drop(id: string, t: number, reason: 'rate' | 'slow'): void {
    this.droppedTotal++;
    const d = this.dropped.get(id);
    if (d) {
      d.count++;
      d.t = t;
      if (reason === 'slow') d.reason = 'slow';
    } else this.dropped.set(id, { count: 1, t, reason });
    this.schedule();
  }

  private pushGap(id: string): void {
    const d = this.dropped.get(id);
    if (!d) return;
    this.dropped.delete(id);
    this.push({ op: 'gap', id, dropped: d.count, t: d.t, reason: d.reason }, false);
  }

  /** Drops what is queued for a container no longer followed. */
  private forget(id: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const q = this.queue[i]!;
      if (q.kind !== 'lines' || q.id !== id) continue;
      this.queuedBytes -= 64 + q.lines.reduce((n, l) => n + lineCost(l), 0);
      this.queue.splice(i, 1);
    }
  }

  private push(msg: LogsServerMessage, flushNow = true): void {
    if (this.closed) return;
    const bytes = 64 + (msg.op === 'state' ? msg.name.length + (msg.message?.length ?? 0) : msg.op === 'error' ? msg.message.length : 0);
    this.queue.push({ kind: 'message', msg, bytes });
    this.queuedBytes += bytes;
    if (flushNow) this.flush();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Drops with no later line to carry them: announce them now.
      for (const id of [...this.dropped.keys()]) this.pushGap(id);
      this.flush();
    }, this.limits.flushMs);
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.limits.maxInFlightBytes) {
      if (this.ws.readyState !== OPEN) return;
      const q = this.queue.shift()!;
      const msg: LogsServerMessage = q.kind === 'lines' ? { op: 'lines', id: q.id, lines: q.lines } : q.msg;
      this.queuedBytes -= q.kind === 'lines' ? 64 + q.lines.reduce((n, l) => n + lineCost(l), 0) : q.bytes;
      const data = JSON.stringify(msg);
      const size = data.length;
      this.inFlight += size;
      this.peakHeldBytes = Math.max(this.peakHeldBytes, this.heldBytes);
      this.ws.send(data, () => {
        this.inFlight -= size;
        if (this.queue.length > 0) this.flush();
      });
    }
  }
}
