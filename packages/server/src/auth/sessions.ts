import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Revocation, RevocationReason, Revocations } from './revocations.ts';
import { toView, type UserRecord } from './users.ts';

export interface SessionOptions {
  /** A session ends after this long without a request (default 30 min). */
  idleMs: number;
  /** A session ends this long after sign-in, whatever happens (default 12 h). */
  absoluteMs: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 };

export interface Session {
  id: number;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute end. */
  expiresAt: number;
  address: string | null;
}

/** `last_seen_at` is written at most this often per session: a busy page does not mean a write per request. */
const TOUCH_EVERY_MS = 30_000;

/** Cookie values: 256 random bits, base64url. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();

interface Row {
  id: number;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  address: string | null;
}

const toSession = (r: Row): Session => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  address: r.address,
});

/**
 * Server-side sessions. The browser holds only a random secret; the table holds its SHA-256.
 * Every way a session ends goes through `revoke…`, which tells the socket holders.
 */
export class SessionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly revocations: Revocations,
    readonly opts: SessionOptions = DEFAULT_SESSION_OPTIONS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session with a new secret (never one the client chose). */
  create(userId: number, meta: { address?: string; userAgent?: string } = {}): { secret: string; session: Session } {
    const secret = randomBytes(32).toString('base64url');
    const t = this.now();
    const info = this.db
      .prepare(
        'INSERT INTO sessions (secret_hash, user_id, created_at, last_seen_at, expires_at, address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(hashSecret(secret), userId, t, t, t + this.opts.absoluteMs, meta.address ?? null, meta.userAgent?.slice(0, 300) ?? null);
    return { secret, session: this.get(Number(info.lastInsertRowid))! };
  }

  get(id: number): Session | undefined {
    const r = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as Row | undefined;
    return r && toSession(r);
  }

  /**
   * The live session and its user for a cookie value, refreshing its idle clock; undefined when
   * the secret is unknown, the session timed out (it is then ended) or the account is disabled.
   */
  resolve(secret: string): { session: Session; user: UserRecord } | undefined {
    if (!SECRET.test(secret)) return undefined;
    const r = this.db
      .prepare(
        `SELECT s.id AS s_id, s.user_id, s.created_at AS s_created_at, s.last_seen_at, s.expires_at, s.address AS s_address, u.*
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.secret_hash = ?`,
      )
      .get(hashSecret(secret)) as
      | (Parameters<typeof toView>[0] & {
          s_id: number;
          user_id: number;
          s_created_at: number;
          last_seen_at: number;
          expires_at: number;
          s_address: string | null;
        })
      | undefined;
    if (!r) return undefined;
    const session = toSession({
      id: r.s_id,
      user_id: r.user_id,
      created_at: r.s_created_at,
      last_seen_at: r.last_seen_at,
      expires_at: r.expires_at,
      address: r.s_address,
    });
    const t = this.now();
    if (t >= session.expiresAt || t - session.lastSeenAt >= this.opts.idleMs) {
      this.end([session], 'expired');
      return undefined;
    }
    const user = toView(r);
    if (user.disabled) return undefined;
    if (t - session.lastSeenAt >= TOUCH_EVERY_MS) {
      this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(t, session.id);
      session.lastSeenAt = t;
    }
    return { session, user };
  }

  /** Keeps a session alive while one of its sockets is open (the page is in use without requests). */
  touch(id: number): void {
    const t = this.now();
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?').run(t, id, t - TOUCH_EVERY_MS);
  }

  /** Ends one session (sign-out). */
  revoke(id: number, reason: RevocationReason): boolean {
    const s = this.get(id);
    if (!s) return false;
    this.end([s], reason);
    return true;
  }

  /** Ends every session of a user; `alsoTokens` tells token-authenticated sockets to close as well. */
  revokeUser(userId: number, reason: RevocationReason, alsoTokens: boolean): number {
    const ids = this.db.prepare('SELECT id FROM sessions WHERE user_id = ?').pluck().all(userId) as number[];
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    this.revocations.emit({ userId, reason, sessionIds: ids, tokenIds: [], allSessions: true, allTokens: alsoTokens });
    return ids.length;
  }

  /** Sessions of a user still alive. */
  countFor(userId: number): number {
    return this.db.prepare('SELECT COUNT(*) FROM sessions WHERE user_id = ?').pluck().get(userId) as number;
  }

  /** Ends every session past a timeout, so their sockets close even when no request comes. */
  sweep(): number {
    const t = this.now();
    const rows = this.db.prepare('SELECT * FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?').all(t, t - this.opts.idleMs) as Row[];
    this.end(rows.map(toSession), 'expired');
    return rows.length;
  }

  private end(sessions: Session[], reason: RevocationReason): void {
    if (sessions.length === 0) return;
    const del = this.db.prepare('DELETE FROM sessions WHERE id = ?');
    this.db.transaction(() => {
      for (const s of sessions) del.run(s.id);
    })();
    const byUser = new Map<number, number[]>();
    for (const s of sessions) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s.id]);
    for (const [userId, ids] of byUser) {
      const rev: Revocation = { userId, reason, sessionIds: ids, tokenIds: [], allSessions: false, allTokens: false };
      this.revocations.emit(rev);
    }
  }
}
