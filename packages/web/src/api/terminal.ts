import {
  decodeFrame,
  encodeFrame,
  TERMINAL_ACK_BYTES,
  TerminalChannel,
  type ApiError,
  type TerminalControl,
  type TerminalCreate,
  type TerminalInfo,
} from '@phedds/shared';
import { ApiRequestError } from './http.ts';
import { reattachStep, type AttachEnd, type SessionPresence } from './terminal-reattach.ts';
import { silence, type WireEvents } from './wire.ts';
import { socketUrl } from './socket-url.ts';

// ---- REST -----------------------------------------------------------------------------------

function isApiError(v: unknown): v is ApiError {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.error === 'string' && typeof o.message === 'string';
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new ApiRequestError(0, {
      error: 'network',
      message: `Could not reach the Phedds server (${err instanceof Error ? err.message : String(err)}); check your connection.`,
    });
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (res.ok) return parsed;
  if (isApiError(parsed)) throw new ApiRequestError(res.status, parsed);
  throw new ApiRequestError(res.status, {
    error: res.status >= 500 ? 'server_error' : 'http_error',
    message: `The Phedds server answered ${res.status} without an explanation; check that it is running and up to date.`,
  });
}

/** The session, whether the server answers with it bare or wrapped as `{ terminal }`. */
function infoOf(v: unknown): TerminalInfo {
  const o = v as { terminal?: TerminalInfo } & Partial<TerminalInfo>;
  const info = o.terminal ?? (o as TerminalInfo);
  if (typeof info?.id !== 'string') throw new Error('The server answered without a terminal session id.');
  return info;
}

/** Starts a host shell or an exec; the answer names the session to attach to. */
export async function createTerminal(req: TerminalCreate): Promise<TerminalInfo> {
  return infoOf(await call('POST', '/api/terminals', req));
}

export async function listTerminals(): Promise<TerminalInfo[]> {
  const res = (await call('GET', '/api/terminals')) as { terminals?: TerminalInfo[] } | undefined;
  return res?.terminals ?? [];
}

/** Ends a session (its process is killed); one that is already over counts as done. */
export async function deleteTerminal(id: string): Promise<void> {
  try {
    await call('DELETE', `/api/terminals/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 404) return;
    throw err;
  }
}

// ---- the attach socket -------------------------------------------------------------------------

/** `/api/terminals/:id/attach` on the page's own origin, `wss:` when the page came over https. */
export function attachUrl(loc: Pick<Location, 'protocol' | 'host'>, id: string): string {
  return socketUrl(loc, `/api/terminals/${encodeURIComponent(id)}/attach`);
}

/** connecting: first attach; open: attached; reconnecting: dropped, trying again; ended: no more attempts. */
export type AttachState = 'connecting' | 'open' | 'reconnecting' | 'ended';

export interface TerminalSocketHandlers {
  /** Attached (again): `replayBytes` of earlier output follow; clear the screen before writing them. */
  attached(session: TerminalInfo, replayBytes: number): void;
  /**
   * Output to show; call `done` once the terminal has taken it in (or dropped it). The socket
   * acknowledges that to the server, which pauses the process while too much output is not, so a
   * flood runs at the speed the page keeps up with instead of piling up in it.
   */
  output(data: Uint8Array, done: () => void): void;
  state(state: AttachState): void;
  /** The process ended. */
  exit(code: number | null, signal?: string): void;
  /** The server refused or lost the session; `message` is for the person at the terminal. */
  failed(message: string, code: string): void;
}

/** The part of a browser WebSocket this client uses, so tests can hand in a double. */
export interface BinaryWire extends WireEvents {
  readonly readyState: number;
  binaryType: BinaryType;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export interface TerminalSocketOptions {
  id: string;
  handlers: TerminalSocketHandlers;
  url?: (id: string) => string;
  createWire?: (url: string) => BinaryWire;
  /** Whether the server still lists the session (used after a drop). */
  presence?: (id: string) => Promise<SessionPresence>;
  random?: () => number;
}

const OPEN = 1;
const decoder = new TextDecoder();

async function serverPresence(id: string): Promise<SessionPresence> {
  try {
    return (await listTerminals()).some((t) => t.id === id) ? 'listed' : 'missing';
  } catch {
    return 'unknown';
  }
}

/**
 * One binary websocket for one terminal session, re-attaching to the same session after a drop
 * (the server keeps it for a grace period and replays recent output). The terminal's size is
 * remembered and sent again on every attach, so a re-attached process learns the current size.
 */
export class TerminalSocket {
  private wire: BinaryWire | undefined;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private size: { cols: number; rows: number } | undefined;
  private done = false;
  /** Output of the current attach taken in and not yet acknowledged. */
  private unacked = 0;
  private readonly url: (id: string) => string;
  private readonly createWire: (url: string) => BinaryWire;
  private readonly presence: (id: string) => Promise<SessionPresence>;
  private readonly random: () => number;

  constructor(private readonly options: TerminalSocketOptions) {
    this.url = options.url ?? ((id) => attachUrl(window.location, id));
    // A plain WebSocket: its messages arrive in one task each, sooner than through a stream reader.
    this.createWire = options.createWire ?? ((url) => new WebSocket(url));
    this.presence = options.presence ?? serverPresence;
    this.random = options.random ?? Math.random;
    this.connect('connecting');
  }

  /** Bytes typed or pasted; dropped while not attached (a shell would not expect them later). */
  input(data: string | Uint8Array): void {
    this.sendFrame(TerminalChannel.stdin, data);
  }

  resize(cols: number, rows: number): void {
    if (this.size?.cols === cols && this.size.rows === rows) return;
    this.size = { cols, rows };
    this.sendFrame(TerminalChannel.resize, JSON.stringify(this.size));
  }

  /** Detaches for good; the session itself lives on until deleted or its grace period ends. */
  close(): void {
    if (this.done) return;
    this.done = true;
    this.clearRetry();
    this.detach()?.close(1000, 'closed by the page');
  }

  private sendFrame(channel: TerminalChannel, payload: string | Uint8Array): void {
    if (this.wire?.readyState === OPEN) this.wire.send(encodeFrame(channel, payload));
  }

  /** Output of `wire` was taken in: acknowledged in batches, so an echo costs no extra frame. */
  private handled(wire: BinaryWire, bytes: number): void {
    if (wire !== this.wire) return;
    this.unacked += bytes;
    if (this.unacked >= TERMINAL_ACK_BYTES) this.ack();
  }

  private ack(): void {
    const n = this.unacked;
    this.unacked = 0;
    this.sendFrame(TerminalChannel.ack, String(n));
  }

  private connect(state: AttachState): void {
    this.options.handlers.state(state);
    let wire: BinaryWire;
    try {
      wire = this.createWire(this.url(this.options.id));
    } catch {
      this.afterClose({ kind: 'dropped' }, undefined);
      return;
    }
    wire.binaryType = 'arraybuffer';
    this.wire = wire;
    this.unacked = 0;
    let said = false; // the server explained itself (exit or error) before closing
    wire.onmessage = (ev) => {
      if (wire !== this.wire || !(ev.data instanceof ArrayBuffer)) return;
      const frame = decodeFrame(new Uint8Array(ev.data));
      if (!frame) return;
      if (frame.channel === TerminalChannel.stdout || frame.channel === TerminalChannel.stderr) {
        const n = frame.payload.length;
        this.options.handlers.output(frame.payload, () => this.handled(wire, n));
      } else if (frame.channel === TerminalChannel.control) {
        said = this.control(frame.payload) || said;
      }
    };
    wire.onclose = () => {
      if (wire !== this.wire) return;
      this.detach();
      this.afterClose(said ? { kind: 'final' } : { kind: 'dropped' }, undefined);
    };
    wire.onerror = () => undefined; // a close event always follows
  }

  /** Handles a control message; true when it ends the session. */
  private control(payload: Uint8Array): boolean {
    let msg: TerminalControl;
    try {
      msg = JSON.parse(decoder.decode(payload)) as TerminalControl;
    } catch {
      return false;
    }
    const h = this.options.handlers;
    switch (msg.type) {
      case 'attached':
        this.failures = 0;
        h.attached(msg.session, msg.replayBytes);
        h.state('open');
        if (this.size) this.sendFrame(TerminalChannel.resize, JSON.stringify(this.size));
        // The first ack turns on the server's flow control for this socket.
        this.ack();
        return false;
      case 'exit':
        h.exit(msg.code, msg.signal);
        h.state('ended');
        return true;
      case 'error':
        h.failed(msg.message, msg.error);
        h.state('ended');
        return true;
      default:
        return false;
    }
  }

  private afterClose(end: AttachEnd, presence: SessionPresence | undefined): void {
    if (this.done) return;
    const step = reattachStep(end, presence, this.failures, this.random);
    switch (step.do) {
      case 'stop':
        this.done = true;
        return;
      case 'check':
        this.options.handlers.state('reconnecting');
        void this.presence(this.options.id).then((p) => this.afterClose(end, p));
        return;
      case 'gone':
        this.done = true;
        this.options.handlers.failed(
          'This session is over: the server no longer has it (it ended, was closed from elsewhere, or stayed disconnected for too long).',
          'gone',
        );
        this.options.handlers.state('ended');
        return;
      case 'retry':
        this.failures += 1;
        this.clearRetry();
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          if (!this.done) this.connect('reconnecting');
        }, step.delayMs);
        return;
    }
  }

  private detach(): BinaryWire | undefined {
    const wire = this.wire;
    this.wire = undefined;
    if (wire) silence(wire);
    return wire;
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}
