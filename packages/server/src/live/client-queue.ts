import type { ServerMessage, Topic } from '@phedds/shared';

/** The part of a websocket the queue needs: `ws` satisfies it, and so can a test double. */
export interface WireSocket {
  send(data: string, cb?: (err?: Error) => void): void;
  readonly readyState: number;
}

export interface QueueLimits {
  /** Bytes handed to the socket but not yet written; above this, messages wait in the queue. */
  maxInFlightBytes: number;
  /** Bytes waiting in the queue; above this, the topic's queued messages are dropped. */
  maxQueuedBytes: number;
}

export const DEFAULT_LIMITS: QueueLimits = { maxInFlightBytes: 256 * 1024, maxQueuedBytes: 1024 * 1024 };

type Item = { topic: Topic | undefined; data: string } | { topic: Topic; resync: () => ServerMessage };

const OPEN = 1;

/**
 * Per-client outbound queue. Sending never blocks the broadcaster: a client whose socket does not
 * drain first fills its in-flight window, then its queue; past the queue limit, everything queued
 * for the offending topic is dropped and replaced by a `gap` marker and a fresh snapshot, built
 * only when the client can take it (so it carries the latest state, and a stalled client costs a
 * bounded amount of memory whatever the rate of changes).
 */
export class ClientQueue {
  private readonly queue: Item[] = [];
  private queuedBytes = 0;
  private inFlight = 0;
  /** Topics waiting for a resync snapshot: their deltas are dropped until it is sent. */
  private readonly resyncing = new Set<Topic>();
  droppedTotal = 0;

  constructor(
    private readonly ws: WireSocket,
    private readonly snapshotOf: (topic: Topic) => ServerMessage | undefined,
    private readonly limits: QueueLimits = DEFAULT_LIMITS,
  ) {}

  /** Bytes held for this client right now (queued + handed to the socket). */
  get heldBytes(): number {
    return this.queuedBytes + this.inFlight;
  }

  send(msg: ServerMessage): void {
    const topic = 'topic' in msg ? msg.topic : undefined;
    if (topic && msg.op === 'delta' && this.resyncing.has(topic)) {
      this.droppedTotal++;
      return;
    }
    const data = JSON.stringify(msg);
    this.queue.push({ topic, data });
    this.queuedBytes += data.length;
    if (this.queuedBytes > this.limits.maxQueuedBytes && topic) this.overflow(topic);
    this.flush();
  }

  /** Forget a topic's queued messages (after unsubscribe). */
  forget(topic: Topic): void {
    this.resyncing.delete(topic);
    this.removeQueued(topic);
  }

  private overflow(topic: Topic): void {
    const dropped = this.removeQueued(topic);
    this.droppedTotal += dropped;
    this.resyncing.add(topic);
    const gap = JSON.stringify({ op: 'gap', topic, dropped } satisfies ServerMessage);
    this.queue.push({ topic, data: gap });
    this.queuedBytes += gap.length;
    this.queue.push({
      topic,
      resync: () => {
        this.resyncing.delete(topic);
        return this.snapshotOf(topic) ?? { op: 'gap', topic, dropped: 0 };
      },
    });
  }

  private removeQueued(topic: Topic): number {
    let dropped = 0;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const it = this.queue[i]!;
      if (it.topic !== topic) continue;
      if ('data' in it) this.queuedBytes -= it.data.length;
      this.queue.splice(i, 1);
      dropped++;
    }
    return dropped;
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.limits.maxInFlightBytes) {
      if (this.ws.readyState !== OPEN) return;
      const it = this.queue.shift()!;
      let data: string;
      if ('data' in it) {
        data = it.data;
        this.queuedBytes -= data.length;
      } else {
        data = JSON.stringify(it.resync());
      }
      const size = data.length;
      this.inFlight += size;
      this.ws.send(data, () => {
        this.inFlight -= size;
        this.flush();
      });
    }
  }
}
