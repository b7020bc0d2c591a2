import { weakerRole, type AudienceInfo, type Role, type TokenView } from '@phedds/shared';
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Revocations } from './revocations.ts';
import { hashSecret } from './sessions.ts';
import { toView, type UserRecord } from './users.ts';

/** `phd_` + 256 random bits: the prefix lets secret scanners and people recognise a Phedds token. */
export const TOKEN_PATTERN = /^phd_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 10;

interface Row {
  id: number;
  user_id: number;
  username: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

const toTokenView = (r: Row): TokenView => ({
  id: r.id,
  name: r.name,
  role: r.role,
  prefix: r.prefix,
  userId: r.user_id,
  username: r.username,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

/** A usable token: whose it is, the role it acts with, and for a share link's token what its audience is shown. */
export interface ResolvedToken {
  tokenId: number;
  user: UserRecord;
  role: Role;
  audience?: AudienceInfo;
}

const SELECT = 'SELECT t.*, u.username FROM api_tokens t JOIN users u ON u.id = t.user_id';
/** `last_used_at` is written at most this often per token. */
const TOUCH_EVERY_MS = 60_000;

/** API tokens for scripts: scoped to a role (never above the owner's), revocable, stored as a hash. */
export class TokenStore {
  constructor(
    private readonly db: Database.Database,
    private readonly revocations: Revocations,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a token; the returned `token` is shown once and never stored. */
  create(userId: number, name: string, role: Role, expiresInDays?: number): { token: string; info: TokenView } {
    const token = `phd_${randomBytes(32).toString('base64url')}`;
    const t = this.now();
    const info = this.db
      .prepare('INSERT INTO api_tokens (user_id, name, role, prefix, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(userId, name, role, token.slice(0, PREFIX_LENGTH), hashSecret(token), t, expiresInDays ? t + expiresInDays * 86_400_000 : null);
    return { token, info: this.get(Number(info.lastInsertRowid))! };
  }

  get(id: number): TokenView | undefined {
    const r = this.db.prepare(`${SELECT} WHERE t.id = ?`).get(id) as Row | undefined;
    return r && toTokenView(r);
  }

  list(userId?: number): TokenView[] {
    const rows = (
      userId === undefined
        ? this.db.prepare(`${SELECT} ORDER BY t.created_at DESC`).all()
        : this.db.prepare(`${SELECT} WHERE t.user_id = ? ORDER BY t.created_at DESC`).all(userId)
    ) as Row[];
    return rows.map(toTokenView);
  }

  /**
   * The token's owner and the role it acts with (the weaker of the token's and the owner's), or
   * undefined when the token is unknown, revoked, expired, or its owner is disabled. A share
   * link's token also answers what its audience is shown: one statement answers both.
   */
  resolve(token: string): ResolvedToken | undefined {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const r = this.db
      .prepare(
        `SELECT t.id AS t_id, t.role AS t_role, t.expires_at AS t_expires_at, t.revoked_at, t.last_used_at AS t_last_used_at,
           s.label AS s_label, s.panes AS s_panes, u.*
         FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN shares s ON s.token_id = t.id
         WHERE t.secret_hash = ?`,
      )
      .get(hashSecret(token)) as
      | (Parameters<typeof toView>[0] & {
          t_id: number;
          t_role: Role;
          t_expires_at: number | null;
          revoked_at: number | null;
          t_last_used_at: number | null;
          s_label: string | null;
          s_panes: string | null;
        })
      | undefined;
    if (!r || r.revoked_at !== null) return undefined;
    const t = this.now();
    if (r.t_expires_at !== null && t >= r.t_expires_at) return undefined;
    const user = toView(r);
    if (user.disabled) return undefined;
    if (r.t_last_used_at === null || t - r.t_last_used_at >= TOUCH_EVERY_MS) {
      this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(t, r.t_id);
    }
    const resolved: ResolvedToken = { tokenId: r.t_id, user, role: weakerRole(r.t_role, user.role) };
    if (r.s_label !== null) {
      // A share's token is always made with an expiry (ShareStore.create).
      resolved.audience = { label: r.s_label, panes: JSON.parse(r.s_panes ?? '[]') as string[], expiresAt: r.t_expires_at as number };
    }
    return resolved;
  }

  /** Revokes a token (kept, marked, for the record) and closes the sockets opened with it. */
  revoke(id: number): boolean {
    const tok = this.get(id);
    if (!tok || tok.revokedAt !== null) return false;
    this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ?').run(this.now(), id);
    this.revocations.emit({
      userId: tok.userId,
      reason: 'token_revoked',
      sessionIds: [],
      tokenIds: [id],
      allSessions: false,
      allTokens: false,
    });
    return true;
  }

  /** Tokens that expired in (since, now]: their sockets close even when no request comes. */
  sweepExpired(since: number): number {
    const t = this.now();
    const rows = this.db
      .prepare('SELECT id, user_id FROM api_tokens WHERE revoked_at IS NULL AND expires_at > ? AND expires_at <= ?')
      .all(since, t) as { id: number; user_id: number }[];
    for (const r of rows) {
      this.revocations.emit({
        userId: r.user_id,
        reason: 'expired',
        sessionIds: [],
        tokenIds: [r.id],
        allSessions: false,
        allTokens: false,
      });
    }
    return rows.length;
  }
}
