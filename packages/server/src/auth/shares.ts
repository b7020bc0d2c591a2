import type { ShareView } from '@phedds/shared';
import type Database from 'better-sqlite3';
import type { TokenStore } from './tokens.ts';

interface Row {
  token_id: number;
  label: string;
  panes: string;
  created_at: number;
  username: string;
  expires_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

const SELECT = `SELECT s.token_id, s.label, s.panes, s.created_at, u.username, t.expires_at, t.revoked_at, t.last_used_at
  FROM shares s JOIN api_tokens t ON t.id = s.token_id JOIN users u ON u.id = t.user_id`;

function toView(r: Row): ShareView {
  return {
    id: r.token_id,
    label: r.label,
    panes: JSON.parse(r.panes) as string[],
    createdBy: r.username,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

/**
 * Audience share links. Each is a read-only API token (role viewer, expiring, revocable like any
 * token) plus what the audience is shown; revoking or expiring the token closes the audience's
 * sockets through the same revocations as every other credential. What a share's token shows its
 * holder comes with the token itself (TokenStore.resolve), so a request costs one lookup.
 */
export class ShareStore {
  constructor(
    private readonly db: Database.Database,
    private readonly tokens: TokenStore,
    private readonly now: () => number = Date.now,
  ) {}

  create(userId: number, label: string, panes: string[], hours: number): { token: string; share: ShareView } {
    return this.db.transaction(() => {
      const { token, info } = this.tokens.create(userId, `share: ${label}`, 'viewer', hours / 24);
      this.db
        .prepare('INSERT INTO shares (token_id, label, panes, created_at) VALUES (?, ?, ?, ?)')
        .run(info.id, label, JSON.stringify(panes), this.now());
      return { token, share: this.get(info.id)! };
    })();
  }

  get(id: number): ShareView | undefined {
    const r = this.db.prepare(`${SELECT} WHERE s.token_id = ?`).get(id) as Row | undefined;
    return r && toView(r);
  }

  list(): ShareView[] {
    return (this.db.prepare(`${SELECT} ORDER BY s.created_at DESC`).all() as Row[]).map(toView);
  }

  /** The user who made the share: the audience sees that user's terminals. */
  ownerOf(tokenId: number): number | undefined {
    const r = this.db.prepare('SELECT t.user_id FROM shares s JOIN api_tokens t ON t.id = s.token_id WHERE s.token_id = ?').get(tokenId) as
      { user_id: number } | undefined;
    return r?.user_id;
  }

  revoke(id: number): boolean {
    if (!this.get(id)) return false;
    return this.tokens.revoke(id);
  }
}
