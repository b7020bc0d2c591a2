import { backoffDelay } from './backoff.ts';

/**
 * Whether the server still knows a session, asked after its socket closed without saying why:
 * `listed` it does; `missing` it ended (or the server restarted); `unknown` the server did not answer.
 */
export type SessionPresence = 'listed' | 'missing' | 'unknown';

/** How an attach socket ended, as far as the client can tell. */
export type AttachEnd =
  /** The server said why before closing (the process exited, or an error message); nothing to retry. */
  | { kind: 'final' }
  /** This side closed it (tab closed, page left). */
  | { kind: 'closed-by-client' }
  /** It just dropped: network, server restart, or an upgrade refused (a browser is not told the status). */
  | { kind: 'dropped' };

export type ReattachStep =
  | { do: 'stop' }
  /** Ask the server whether the session still exists before trying again. */
  | { do: 'check' }
  /** The session is over on the server: tell the person, do not retry. */
  | { do: 'gone' }
  | { do: 'retry'; delayMs: number };

/**
 * What to do after an attach socket closed. A dropped socket first asks the server whether the
 * session is still there (a refused upgrade looks exactly like a dropped socket to a browser, so
 * this is how a 404 is told apart from a network blip); then it retries with the shared backoff,
 * or gives up when the session is gone. `failures` counts attempts in a row that did not attach.
 */
export function reattachStep(
  end: AttachEnd,
  presence: SessionPresence | undefined,
  failures: number,
  random: () => number = Math.random,
): ReattachStep {
  if (end.kind !== 'dropped') return { do: 'stop' };
  if (presence === undefined) return { do: 'check' };
  if (presence === 'missing') return { do: 'gone' };
  return { do: 'retry', delayMs: backoffDelay(failures, random) };
}
