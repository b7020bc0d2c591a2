/** One record of the audit log: who, from where, did what, to what, with what result. */
export interface AuditEntry {
  id: number;
  /** Epoch ms. */
  at: number;
  /** The account's username; null when nobody was signed in (a failed sign-in names the account tried in `target`). */
  actor: string | null;
  actorId: number | null;
  /** `session`, `token`, `setup` or `system`. */
  via: string | null;
  /** The client's address. */
  address: string | null;
  /** What was done, e.g. `auth.login`, `user.create`, `container.stop`, `terminal.open`. */
  action: string;
  /** What it was done to (a username, a container, a route). */
  target: string | null;
  result: AuditResult;
  /** More facts, never a secret. */
  details: Record<string, unknown> | null;
}

export type AuditResult = 'ok' | 'denied' | 'failed';
export const AUDIT_RESULTS: readonly AuditResult[] = ['ok', 'denied', 'failed'];

/** Filters of `GET /api/audit`; every one optional. */
export interface AuditQuery {
  actor?: string;
  /** An action, or a prefix ending in `.` (`user.` for every user change). */
  action?: string;
  result?: AuditResult;
  address?: string;
  /** Text searched in target and details. */
  q?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  /** Entries older than this id (paging backwards); omitted → the newest. */
  before?: number;
  /** 1–500, default 100. */
  limit?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextBefore: number | null;
}
