import type { LogFeedState, LogLimits, LogTuple } from '../dto/log.ts';

/**
 * The logs websocket (`/api/logs`): one per Logs pane. The client says which containers to
 * follow; the server sends each one's recent lines, then new lines as they are written. Every
 * container is read from the engine once, whatever the number of viewers. A viewer that cannot
 * keep up (or a container that writes faster than `bytesPerSecond`) gets `gap` markers in place
 * of the lines it missed, never an unbounded backlog.
 */

/** Messages the client sends. */
export type LogsClientMessage =
  /**
   * Follow exactly these containers (ids, unique id prefixes or names) from now on. Containers
   * new to the set first get their recent history (up to `maxHistory` lines); those left out
   * are no longer sent.
   */
  { op: 'follow'; ids: string[] } | { op: 'ping'; t: number };

/** Messages the server sends. */
export type LogsServerMessage =
  | { op: 'hello'; version: string; limits: LogLimits }
  /** Lines of one container, oldest first (its history first, when following starts). */
  | { op: 'lines'; id: string; lines: LogTuple[] }
  /**
   * `dropped` lines of container `id` were not sent: `rate` when it wrote faster than the
   * socket's byte budget, `slow` when the viewer did not read fast enough. `t` is the time of the
   * last line dropped, so the marker sits where the lines were.
   */
  | { op: 'gap'; id: string; dropped: number; t: number; reason: 'rate' | 'slow' }
  /** A followed container's log changed state; `id` is the full id (the reference as given when `missing`). */
  | { op: 'state'; id: string; name: string; state: LogFeedState; message?: string }
  | { op: 'pong'; t: number }
  | { op: 'error'; error: string; message: string };

/** Largest client message the server reads. */
export const LOGS_MAX_CLIENT_MESSAGE_BYTES = 8192;

const REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;

export type LogsParseResult = { ok: true; value: LogsClientMessage } | { ok: false; message: string };

/** Validates a raw client frame against the socket's limits; never throws. */
export function parseLogsClientMessage(raw: string, limits: Pick<LogLimits, 'maxContainers'>): LogsParseResult {
  if (raw.length > LOGS_MAX_CLIENT_MESSAGE_BYTES) {
    return { ok: false, message: `message too large (${raw.length} bytes, limit ${LOGS_MAX_CLIENT_MESSAGE_BYTES})` };
  }
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'message is not JSON' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, message: 'message must be a JSON object with an "op" field' };
  const m = v as Record<string, unknown>;
  switch (m.op) {
    case 'follow': {
      if (!Array.isArray(m.ids)) return { ok: false, message: 'follow needs "ids": an array of container ids or names' };
      if (m.ids.length > limits.maxContainers) {
        return { ok: false, message: `follow at most ${limits.maxContainers} containers at once (got ${m.ids.length})` };
      }
      const ids: string[] = [];
      for (const id of m.ids) {
        if (typeof id !== 'string' || !REF.test(id)) return { ok: false, message: `${JSON.stringify(id)} is not a container id or name` };
        if (!ids.includes(id)) ids.push(id);
      }
      return { ok: true, value: { op: 'follow', ids } };
    }
    case 'ping':
      if (typeof m.t !== 'number' || !Number.isFinite(m.t)) return { ok: false, message: 'ping needs a numeric "t"' };
      return { ok: true, value: { op: 'ping', t: m.t } };
    default:
      return { ok: false, message: `unknown op ${JSON.stringify(m.op)}; ops are follow, ping` };
  }
}
