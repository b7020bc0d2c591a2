/** Reconnect delays: exponential from `initialMs`, capped at `maxMs`, shortened by up to `jitter`. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Fraction (0..1) of the delay taken off at random, so tabs do not reconnect in lockstep. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5000, jitter: 0.25 };

/**
 * Delay before reconnect attempt number `attempt` (0 = first retry after a drop).
 * Jitter only ever shortens the delay, so the cap stays a real upper bound while a server restart
 * still sees its clients spread over the last quarter of the window instead of arriving together.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const n = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  const nominal = Math.min(options.maxMs, options.initialMs * 2 ** n);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(nominal * (1 - options.jitter * r));
}
