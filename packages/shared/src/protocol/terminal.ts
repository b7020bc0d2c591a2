/**
 * Terminals: a session is created over REST, then attached through its own binary websocket.
 *
 *   POST   /api/terminals                 body TerminalCreate → 201 TerminalInfo
 *   GET    /api/terminals                 → { terminals: TerminalInfo[] }
 *   DELETE /api/terminals/:id             ends the session (the pty or the exec's process is killed)
 *   GET    /api/terminals/:id/attach      websocket (binary frames, see TerminalChannel)
 *
 * A session outlives its socket for `TERMINAL_DETACH_GRACE_MS`, so a dropped connection can
 * re-attach and gets the recent output replayed; after that it is ended, so a browser that
 * disappears never leaves a shell or exec running.
 */

/** First byte of every binary frame. */
export const TerminalChannel = {
  /** client → server: bytes typed or pasted. */
  stdin: 0,
  /** server → client: process output (a TTY merges stderr into it). */
  stdout: 1,
  /** server → client: stderr of a non-TTY session. */
  stderr: 2,
  /** server → client: a UTF-8 JSON `TerminalControl` message. */
  control: 3,
  /** client → server: UTF-8 JSON `{ "cols": n, "rows": n }`. */
  resize: 4,
  /**
   * client → server: ASCII decimal, how many output bytes (payloads of channels 1 and 2) the client
   * has finished with since its previous ack. The first ack (`0` will do) turns on flow control for
   * the socket: from then on the server pauses the process while more than a window of the output
   * sent since the attach is unacknowledged. A client that acks must do so at least every
   * `TERMINAL_ACK_BYTES`. A client that never acks gets only the socket's own back-pressure.
   */
  ack: 5,
} as const;
export type TerminalChannel = (typeof TerminalChannel)[keyof typeof TerminalChannel];

export type TerminalCreate =
  /** A shell on the console's host, with DOCKER_HOST pointing at the console's engine. */
  | { kind: 'host'; cols?: number; rows?: number }
  /** A process inside a running container: `/bin/bash` if present, else `/bin/sh`, unless `command` is given. */
  | { kind: 'exec'; container: string; command?: string[]; cols?: number; rows?: number };

export interface TerminalInfo {
  id: string;
  kind: 'host' | 'exec';
  /** A short label for the tab, e.g. "host" or "web-1: /bin/sh". */
  title: string;
  /** Full container id for exec sessions. */
  containerId?: string;
  containerName?: string;
  command: string[];
  createdAt: number;
  /** Whether a socket is attached right now. */
  attached: boolean;
  /** Set once the process ended. */
  exitCode?: number;
}

/** Control messages on channel 3. */
export type TerminalControl =
  /** Sent first on attach: the session, and how many bytes of earlier output follow as replay. */
  | { type: 'attached'; session: TerminalInfo; replayBytes: number }
  /** The process ended; the socket closes after this. */
  | { type: 'exit'; code: number | null; signal?: string }
  /** Something went wrong, in words for the person at the terminal (then the socket closes). */
  | { type: 'error'; error: string; message: string };

export const TERMINAL_DETACH_GRACE_MS = 15_000;
/** Output kept per session for replay on re-attach. */
export const TERMINAL_REPLAY_BYTES = 256 * 1024;
/** A client in ack mode acks once this many output bytes are done with (and may ack sooner). */
export const TERMINAL_ACK_BYTES = 64 * 1024;
/** Unacknowledged output above which the server pauses the process (well above `TERMINAL_ACK_BYTES`). */
export const TERMINAL_ACK_WINDOW = 2 * 1024 * 1024;

/** Largest resize accepted. */
export const TERMINAL_MAX_COLS = 1000;
export const TERMINAL_MAX_ROWS = 500;

/** Both Node and browsers have these; `shared` is compiled without either's type library. */
const text = globalThis as unknown as {
  TextEncoder: new () => { encode(s: string): Uint8Array };
  TextDecoder: new () => { decode(b: Uint8Array): string };
};

/** Encodes a frame: one channel byte, then the payload. */
export function encodeFrame(channel: TerminalChannel, payload: Uint8Array | string): Uint8Array {
  const body = typeof payload === 'string' ? new text.TextEncoder().encode(payload) : payload;
  const out = new Uint8Array(body.length + 1);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

/** Decodes a frame; undefined for an empty or unknown-channel frame. */
export function decodeFrame(frame: Uint8Array): { channel: TerminalChannel; payload: Uint8Array } | undefined {
  if (frame.length === 0) return undefined;
  const channel = frame[0]!;
  if (channel > TerminalChannel.ack) return undefined;
  return { channel: channel as TerminalChannel, payload: frame.subarray(1) };
}

/** Reads an ack payload (ASCII decimal); undefined unless it is a whole number of bytes. */
export function parseAck(payload: Uint8Array): number | undefined {
  if (payload.length === 0 || payload.length > 15) return undefined;
  let n = 0;
  for (const b of payload) {
    if (b < 0x30 || b > 0x39) return undefined;
    n = n * 10 + (b - 0x30);
  }
  return n;
}

/** Validates a resize payload; never throws. */
export function parseResize(payload: Uint8Array): { cols: number; rows: number } | undefined {
  try {
    const v = JSON.parse(new text.TextDecoder().decode(payload)) as { cols?: unknown; rows?: unknown };
    const { cols, rows } = v;
    if (typeof cols !== 'number' || typeof rows !== 'number') return undefined;
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1 || cols > TERMINAL_MAX_COLS || rows > TERMINAL_MAX_ROWS)
      return undefined;
    return { cols, rows };
  } catch {
    return undefined;
  }
}
