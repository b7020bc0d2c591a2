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

type Item = { topic: Topic | undefined; data: string; delta?: boolean } | { topic: Topic; resync: () => ServerMessage };

/**
 * Topics whose deltas are complete states (each `stats` delta carries every container): for
 * those, the newest undelivered delta replaces an older one, and one message at a time is handed
 * to the socket, so a slow client always gets the latest second instead of a backlog.
 */
export const LATEST_WINS_TOPICS: ReadonlySet<Topic> = new Set<Topic>(['stats']);

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
  /** Latest-wins topics with a message handed to the socket and not yet written. */
  private readonly busy = new Set<Topic>();
  droppedTotal = 0;

  constructor(
    private readonly ws: WireSocket,
    private readonly snapshotOf: (topic: Topic) => ServerMessage | undefined,
    private readonly limits: QueueLimits = DEFAULT_LIMITS,
    private readonly latestWins: ReadonlySet<Topic> = LATEST_WINS_TOPICS,
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
    if (topic && msg.op === 'delta' && this.latestWins.has(topic) && this.replaceQueuedDelta(topic, data)) {
      this.droppedTotal++;
      this.flush();
      return;
    }
    this.queue.push({ topic, data, delta: msg.op === 'delta' });
    this.queuedBytes += data.length;
    if (this.queuedBytes > this.limits.maxQueuedBytes && topic) this.overflow(topic);
    this.flush();
  }

  /** Forget a topic's queued messages (after unsubscribe). */
  forget(topic: Topic): void {
    this.resyncing.delete(topic);
    this.removeQueued(topic);
  }

  /** Puts `data` in place of the topic's queued delta, if one waits; false when none does. */
  private replaceQueuedDelta(topic: Topic, data: string): boolean {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const it = this.queue[i]!;
      if (it.topic !== topic || !('data' in it)) continue;
      if (!it.delta) return false; // a snapshot or gap waits before it: keep the order
      this.queuedBytes += data.length - it.data.length;
      this.queue[i] = { topic, data, delta: true };
      return true;
    }
    return false;
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
    let i = 0;
    while (i < this.queue.length && this.inFlight < this.limits.maxInFlightBytes) {
      if (this.ws.readyState !== OPEN) return;
      const topic = this.queue[i]!.topic;
      // A latest-wins topic waits while its previous message is still being written; other
      // topics pass it.
      const held = topic !== undefined && this.latestWins.has(topic);
      if (held && this.busy.has(topic)) {
        i++;
        continue;
      }
      const it = this.queue.splice(i, 1)[0]!;
      let data: string;
      if ('data' in it) {
        data = it.data;
        this.queuedBytes -= data.length;
      } else {
        data = JSON.stringify(it.resync());
      }
      const size = data.length;
      this.inFlight += size;
      if (held) this.busy.add(topic);
      this.ws.send(data, () => {
        this.inFlight -= size;
        if (held) this.busy.delete(topic);
        this.flush();
      });
    }
  }
}
