import type { LogsClientMessage, LogsServerMessage } from '@phedds/shared';
import { backoffDelay } from './backoff.ts';
import { silence, type WireEvents } from './wire.ts';
import { socketUrl } from './socket-url.ts';

/** The part of a browser WebSocket this client uses, so tests can hand in a double. */
export interface LogsWire extends WireEvents {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LogsSocketOptions {
  url: () => string;
  createWire: (url: string) => LogsWire;
  onMessage: (msg: LogsServerMessage) => void;
  /** Called with true when the socket opens, false when it drops (a retry follows). */
  onOpenChange?: (open: boolean) => void;
  random?: () => number;
}

const OPEN = 1;

/** `/api/logs` on the page's own origin. */
export function logsUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return socketUrl(loc, '/api/logs');
}

/**
 * The Logs pane's socket: reconnects with backoff and says again which containers it follows
 * (the server then sends each one's recent history; the store drops lines it already has).
 * Closing it is what ends the engine streams on the server, after their last viewer.
 */
export class LogsSocket {
  private wire: LogsWire | undefined;
  private ids: string[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private stopped = false;

  constructor(private readonly options: LogsSocketOptions) {
    this.connect();
  }

  /** Follow exactly these containers. */
  follow(ids: readonly string[]): void {
    this.ids = [...ids];
    this.send({ op: 'follow', ids: this.ids });
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    const wire = this.wire;
    this.wire = undefined;
    if (wire) {
      silence(wire);
      wire.close(1000, 'pane closed');
    }
  }

  private connect(): void {
    if (this.stopped) return;
    let wire: LogsWire;
    try {
      wire = this.options.createWire(this.options.url());
    } catch {
      this.retry();
      return;
    }
    this.wire = wire;
    wire.onopen = () => {
      this.failures = 0;
      this.options.onOpenChange?.(true);
      this.send({ op: 'follow', ids: this.ids });
    };
    wire.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: LogsServerMessage;
      try {
        msg = JSON.parse(ev.data) as LogsServerMessage;
      } catch {
        return;
      }
      this.options.onMessage(msg);
    };
    wire.onclose = () => {
      if (wire !== this.wire) return;
      silence(wire);
      this.wire = undefined;
      this.options.onOpenChange?.(false);
      this.retry();
    };
    wire.onerror = () => undefined; // a close follows
  }

  private retry(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.failures++, this.options.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  private send(msg: LogsClientMessage): void {
    if (this.wire?.readyState === OPEN) this.wire.send(JSON.stringify(msg));
  }
}
