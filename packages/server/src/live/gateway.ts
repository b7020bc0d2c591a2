import { parseClientMessage, TOPICS, type ServerMessage, type Topic } from '@phedds/shared';
import type { WebSocket } from 'ws';
import type { Channels, Sink } from './channels.ts';
import { ClientQueue, DEFAULT_LIMITS, type QueueLimits } from './client-queue.ts';

export interface GatewayOptions {
  version: string;
  heartbeatMs?: number;
  limits?: QueueLimits;
}

export interface GatewayStats {
  clients: number;
  subscriptions: Record<Topic, number>;
  heldBytes: number;
  dropped: number;
}

interface Client {
  queue: ClientQueue;
  subs: Map<Topic, () => void>;
  alive: boolean;
  /** Whether this client's caller may watch the topic (its role, checked at every `sub`). */
  may: (topic: Topic) => boolean;
}

/**
 * The live websocket gateway: one multiplexed socket per browser tab. Each client gets its own
 * bounded queue; the channels' upstreams are shared by all of them.
 */
export class LiveGateway {
  private readonly clients = new Map<WebSocket, Client>();
  private readonly heartbeatMs: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly channels: Channels,
    private readonly opts: GatewayOptions,
  ) {
    this.heartbeatMs = opts.heartbeatMs ?? 30_000;
    this.timer = setInterval(() => this.heartbeat(), this.heartbeatMs);
    this.timer.unref();
  }

  stats(): GatewayStats {
    const subscriptions = Object.fromEntries(TOPICS.map((t) => [t, 0])) as Record<Topic, number>;
    let heldBytes = 0;
    let dropped = 0;
    for (const c of this.clients.values()) {
      for (const t of c.subs.keys()) subscriptions[t]++;
      heldBytes += c.queue.heldBytes;
      dropped += c.queue.droppedTotal;
    }
    return { clients: this.clients.size, subscriptions, heldBytes, dropped };
  }

  /** Serves one socket; `may` says which topics its caller may subscribe to (default: all). */
  accept(ws: WebSocket, may: (topic: Topic) => boolean = () => true): void {
    const queue = new ClientQueue(ws, (t) => this.channels[t].snapshot(), this.opts.limits ?? DEFAULT_LIMITS);
    const client: Client = { queue, subs: new Map(), alive: true, may };
    this.clients.set(ws, client);
    ws.on('message', (raw, isBinary) => {
      client.alive = true;
      if (isBinary) {
        queue.send({ op: 'error', error: 'bad_message', message: 'binary frames are not part of this protocol; send JSON text' });
        return;
      }
      this.onMessage(
        client,
        Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.concat(Array.isArray(raw) ? raw : [Buffer.from(raw)]).toString('utf8'),
      );
    });
    ws.on('pong', () => (client.alive = true));
    ws.on('close', () => this.drop(ws));
    ws.on('error', () => this.drop(ws));
    queue.send({ op: 'hello', version: this.opts.version, heartbeatMs: this.heartbeatMs });
  }

  close(): void {
    clearInterval(this.timer);
    for (const ws of [...this.clients.keys()]) {
      this.drop(ws);
      ws.close(1001, 'server shutting down');
    }
  }

  private onMessage(client: Client, raw: string): void {
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      client.queue.send({ op: 'error', error: 'bad_message', message: parsed.message });
      return;
    }
    const m = parsed.value;
    switch (m.op) {
      case 'ping':
        client.queue.send({ op: 'pong', t: m.t });
        return;
      case 'sub': {
        if (!client.may(m.topic)) {
          client.queue.send({
            op: 'error',
            error: 'forbidden',
            message: `Your role cannot watch "${m.topic}". Ask an admin for a stronger role.`,
            topic: m.topic,
          });
          return;
        }
        // Re-subscribing restarts the topic with a fresh snapshot (what a client wants after a gap).
        client.subs.get(m.topic)?.();
        client.queue.forget(m.topic);
        client.subs.set(m.topic, this.subscribe(client, m.topic));
        return;
      }
      case 'unsub':
        client.subs.get(m.topic)?.();
        client.subs.delete(m.topic);
        client.queue.forget(m.topic);
        return;
    }
  }

  private subscribe<T extends Topic>(client: Client, topic: T): () => void {
    const send = (msg: ServerMessage): void => client.queue.send(msg);
    const sink = {
      snapshot: (data) => send({ op: 'snapshot', topic, data } as ServerMessage),
      delta: (data) => send({ op: 'delta', topic, data } as ServerMessage),
    } satisfies Sink<T>;
    return this.channels[topic].subscribe(sink);
  }

  private drop(ws: WebSocket): void {
    const c = this.clients.get(ws);
    if (!c) return;
    this.clients.delete(ws);
    for (const unsub of c.subs.values()) unsub();
    c.subs.clear();
  }

  private heartbeat(): void {
    const t = Date.now();
    for (const [ws, c] of this.clients) {
      // Two silent periods in a row: the peer is gone without a close (laptop lid, cut cable).
      if (!c.alive) {
        this.drop(ws);
        ws.terminate();
        continue;
      }
      c.alive = false;
      ws.ping();
      c.queue.send({ op: 'hb', t });
    }
  }
}
