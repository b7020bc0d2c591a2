import type { ClientMessage, ServerMessage, Topic, TopicPayloads } from '@phedds/shared';
import { backoffDelay } from './backoff.ts';
import { silence, type WireEvents } from './wire.ts';

/** connecting: a socket is being opened; open: it is up; closed: waiting to retry. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface ConnectionInfo {
  state: ConnectionState;
  /** Attempts in a row that ended without the server saying anything; 0 once a message arrives. */
  failures: number;
  /** Version the server announced in its last `hello`. */
  serverVersion?: string;
  /** Epoch ms of the last state change. */
  since: number;
}

/** What a topic subscriber is told; method syntax keeps the per-topic handlers storable together. */
export interface TopicHandlers<T extends Topic> {
  snapshot(data: TopicPayloads[T]['snapshot']): void;
  delta(data: TopicPayloads[T]['delta']): void;
  error?(message: string): void;
}

/** The part of a browser WebSocket this client uses, so tests can hand in a double. */
export interface Wire extends WireEvents {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveSocketOptions {
  url: () => string;
  createWire: (url: string) => Wire;
  random?: () => number;
  /** Heartbeat assumed until the server's `hello` says otherwise (the server default is 30 s). */
  defaultHeartbeatMs?: number;
  /** How long opening a socket may take before the attempt counts as failed. */
  connectTimeoutMs?: number;
  log?: (message: string) => void;
}

const OPEN = 1;

function parseServerMessage(raw: unknown): ServerMessage | undefined {
  if (typeof raw !== 'string') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || typeof (v as { op?: unknown }).op !== 'string') return undefined;
  return v as ServerMessage;
}

/**
 * One multiplexed websocket to `/api/live`, reconnecting with backoff and re-subscribing every
 * active topic (the server answers each `sub` with a fresh snapshot, which replaces stale state).
 * Subscriptions are reference-counted per topic: the first subscriber sends `sub`, the last `unsub`.
 */
export class LiveSocket {
  private readonly topics = new Map<Topic, Set<TopicHandlers<Topic>>>();
  private readonly infoListeners = new Set<() => void>();
  private info: ConnectionInfo;
  private wire: Wire | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private heartbeatMs: number;
  private lastActivity = 0;
  private started = false;
  private readonly random: () => number;
  private readonly connectTimeoutMs: number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: LiveSocketOptions) {
    this.random = options.random ?? Math.random;
    this.heartbeatMs = options.defaultHeartbeatMs ?? 30_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.log = options.log ?? (() => undefined);
    this.info = { state: 'connecting', failures: 0, since: Date.now() };
  }

  getInfo = (): ConnectionInfo => this.info;

  onInfo = (listener: () => void): (() => void) => {
    this.infoListeners.add(listener);
    return () => this.infoListeners.delete(listener);
  };

  /** Subscribes to a topic; the returned function unsubscribes (calling it twice is harmless). */
  subscribe<T extends Topic>(topic: T, handlers: TopicHandlers<T>): () => void {
    // A fresh object per call, so subscribing the same handlers twice counts twice.
    const entry: TopicHandlers<Topic> = {
      snapshot: (d) => handlers.snapshot(d),
      delta: (d) => handlers.delta(d),
      error: (m) => handlers.error?.(m),
    };
    let set = this.topics.get(topic);
    if (!set) {
      set = new Set();
      this.topics.set(topic, set);
    }
    set.add(entry);
    // Also for a late joiner: the server's answer to `sub` is a snapshot, which it needs.
    this.send({ op: 'sub', topic });
    this.start();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const current = this.topics.get(topic);
      if (!current) return;
      current.delete(entry);
      if (current.size === 0) {
        this.topics.delete(topic);
        this.send({ op: 'unsub', topic });
      }
    };
  }

  /** Active topics and their subscriber counts (for tests and diagnostics). */
  subscriberCounts(): Map<Topic, number> {
    return new Map([...this.topics].map(([t, s]) => [t, s.size]));
  }

  /** Opens the socket if it is not already; idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  /** Skips the remaining backoff (e.g. when the browser says it is back online). */
  reconnectNow(): void {
    if (!this.started || this.wire) return;
    this.clearRetry();
    this.connect();
  }

  /** Closes the socket for good (tests, page teardown). */
  stop(): void {
    this.started = false;
    this.clearRetry();
    this.clearWatchdog();
    const wire = this.detach();
    wire?.close(1000, 'client stopped');
    this.setInfo({ state: 'closed' });
  }

  private connect(): void {
    this.setInfo({ state: 'connecting' });
    let wire: Wire;
    try {
      wire = this.options.createWire(this.options.url());
    } catch (err) {
      this.log(`live socket: cannot open (${err instanceof Error ? err.message : String(err)})`);
      this.scheduleRetry();
      return;
    }
    this.wire = wire;
    this.lastActivity = Date.now();
    wire.onopen = () => {
      if (wire !== this.wire) return;
      this.lastActivity = Date.now();
      this.setInfo({ state: 'open' });
      for (const topic of this.topics.keys()) this.send({ op: 'sub', topic });
    };
    wire.onmessage = (ev) => {
      if (wire === this.wire) this.receive(ev.data as unknown);
    };
    wire.onclose = () => {
      if (wire !== this.wire) return;
      this.detach();
      this.scheduleRetry();
    };
    wire.onerror = () => undefined; // a close event always follows; it drives the retry
    this.armWatchdog();
  }

  private receive(raw: unknown): void {
    this.lastActivity = Date.now();
    const msg = parseServerMessage(raw);
    if (!msg) {
      this.log('live socket: ignored a frame that is not a JSON message');
      return;
    }
    if (this.info.failures !== 0) this.setInfo({ failures: 0 });
    switch (msg.op) {
      case 'hello':
        if (Number.isFinite(msg.heartbeatMs) && msg.heartbeatMs > 0) this.heartbeatMs = msg.heartbeatMs;
        this.setInfo({ serverVersion: msg.version });
        this.clearWatchdog();
        this.armWatchdog();
        return;
      case 'snapshot':
        for (const h of this.handlersOf(msg.topic)) h.snapshot(msg.data);
        return;
      case 'delta':
        for (const h of this.handlersOf(msg.topic)) h.delta(msg.data);
        return;
      case 'gap':
        this.log(`live socket: ${msg.dropped} message(s) dropped on ${msg.topic}; a snapshot follows`);
        return;
      case 'error':
        this.log(`live socket: server error ${msg.error}: ${msg.message}`);
        if (msg.topic) for (const h of this.handlersOf(msg.topic)) h.error?.(msg.message);
        return;
      case 'hb':
      case 'pong':
        return;
    }
  }

  private handlersOf(topic: Topic): TopicHandlers<Topic>[] {
    // A copy: a handler may unsubscribe while we iterate.
    return [...(this.topics.get(topic) ?? [])];
  }

  private send(msg: ClientMessage): void {
    if (this.wire && this.wire.readyState === OPEN && this.info.state === 'open') {
      this.wire.send(JSON.stringify(msg));
    }
  }

  /** Silence for 2× the heartbeat (or a connect that hangs) means the socket is dead. */
  private armWatchdog(): void {
    if (this.watchdog !== undefined || !this.wire) return;
    const limit = this.info.state === 'connecting' ? this.connectTimeoutMs : 2 * this.heartbeatMs;
    const left = this.lastActivity + limit - Date.now();
    if (left > 0) {
      this.watchdog = setTimeout(() => {
        this.watchdog = undefined;
        this.armWatchdog();
      }, left);
      return;
    }
    this.log(`live socket: nothing heard for ${limit} ms; reconnecting`);
    const wire = this.detach();
    wire?.close(4000, 'heartbeat timeout');
    this.scheduleRetry();
  }

  private detach(): Wire | undefined {
    const wire = this.wire;
    this.wire = undefined;
    this.clearWatchdog();
    if (wire) silence(wire);
    return wire;
  }

  private scheduleRetry(): void {
    if (!this.started) return;
    const attempt = this.info.failures;
    this.setInfo({ state: 'closed', failures: attempt + 1 });
    this.clearRetry();
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        this.connect();
      },
      backoffDelay(attempt, this.random),
    );
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private clearWatchdog(): void {
    if (this.watchdog !== undefined) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private setInfo(patch: Partial<ConnectionInfo>): void {
    const next = { ...this.info, ...patch };
    if (patch.state && patch.state !== this.info.state) next.since = Date.now();
    if (next.state === this.info.state && next.failures === this.info.failures && next.serverVersion === this.info.serverVersion) {
      return;
    }
    this.info = next;
    for (const l of [...this.infoListeners]) l();
  }
}
