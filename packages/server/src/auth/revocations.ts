import type { AudienceInfo, Role, UserView } from '@phedds/shared';

/** Who a request or a socket acts for. */
export interface Principal {
  user: UserView;
  /** The role this request acts with: the account's, or the token's when that is weaker. */
  role: Role;
  via: 'session' | 'token';
  /** Set when `via` is `session`. */
  sessionId?: number;
  /** Set when `via` is `token`. */
  tokenId?: number;
  /** The client's address (trusted-proxy aware). */
  address: string;
  /** Set for an audience member who came through a share link (a read-only token). */
  audience?: AudienceInfo;
}

export type RevocationReason =
  'logout' | 'password_changed' | 'disabled' | 'deleted' | 'role_changed' | 'expired' | 'token_revoked' | 'replaced';

/**
 * Credentials that just stopped being valid. Whoever holds sockets or terminals for them must
 * close those now: a socket checked at its upgrade would otherwise outlive its session.
 */
export interface Revocation {
  userId: number;
  reason: RevocationReason;
  /** Sessions ended. */
  sessionIds: number[];
  /** API tokens revoked. */
  tokenIds: number[];
  /** Every session of the user ended (password change, disable, delete, role change). */
  allSessions: boolean;
  /** Every token of the user stops acting (disable, delete, role change). */
  allTokens: boolean;
}

/** Whether `rev` ends what `p` acts with. */
export function revokes(rev: Revocation, p: Owner): boolean {
  if (p.via === 'session') {
    return (rev.allSessions && rev.userId === p.user.id) || (p.sessionId !== undefined && rev.sessionIds.includes(p.sessionId));
  }
  return (rev.allTokens && rev.userId === p.user.id) || (p.tokenId !== undefined && rev.tokenIds.includes(p.tokenId));
}

export type RevocationListener = (rev: Revocation) => void;

/** The hook the live gateway and the terminal manager subscribe to. */
export class Revocations {
  private readonly listeners = new Set<RevocationListener>();

  /** Calls `listener` for every revocation from now on; returns the unsubscribe. */
  on(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(rev: Revocation): void {
    for (const l of [...this.listeners]) {
      try {
        l(rev);
      } catch {
        // One failing holder must not keep the others' sockets open.
      }
    }
  }
}

/** Websocket close codes the console uses when it ends a socket for access reasons. */
export const WS_CLOSE = {
  /** The session or token ended (sign-out, expiry, password change, account disabled…): sign in again. */
  sessionEnded: 4401,
  /** The role no longer allows this socket. */
  forbidden: 4403,
} as const;

/** What a tracked socket needs: `ws`'s close is enough. */
export interface ClosableSocket {
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** Who opened something that must end with their credentials (a socket, a terminal). */
export type Owner = Pick<Principal, 'via' | 'sessionId' | 'tokenId'> & { user: { id: number } };

/** How often the sessions of open sockets are marked as in use. */
export const SOCKET_TOUCH_MS = 60_000;

/**
 * Sockets opened under a principal, closed the moment that principal's credentials are revoked.
 * The live gateway and terminal attach sockets register here once upgraded. While a socket is
 * open its session counts as in use (a page that only watches is not idle).
 */
export class SocketRegistry {
  private readonly sockets = new Map<ClosableSocket, { principal: Principal; onRevoke?: (rev: Revocation) => void }>();
  private readonly off: () => void;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(revocations: Revocations, touchSession?: (sessionId: number) => void, touchEveryMs = SOCKET_TOUCH_MS) {
    this.off = revocations.on((rev) => {
      for (const [ws, entry] of [...this.sockets]) {
        if (!revokes(rev, entry.principal)) continue;
        this.sockets.delete(ws);
        entry.onRevoke?.(rev);
        ws.close(WS_CLOSE.sessionEnded, `signed out (${rev.reason.replace('_', ' ')})`);
      }
    });
    if (touchSession) {
      this.timer = setInterval(() => {
        const ids = new Set<number>();
        for (const e of this.sockets.values()) if (e.principal.sessionId !== undefined) ids.add(e.principal.sessionId);
        for (const id of ids) touchSession(id);
      }, touchEveryMs);
      this.timer.unref();
    }
  }

  /** Tracks `ws` until it closes; `onRevoke` runs before the socket is closed for a revocation. */
  track(ws: ClosableSocket, principal: Principal, onRevoke?: (rev: Revocation) => void): void {
    this.sockets.set(ws, onRevoke ? { principal, onRevoke } : { principal });
    ws.once('close', () => this.sockets.delete(ws));
  }

  /** Sockets open for a user (for tests and status). */
  countFor(userId: number): number {
    let n = 0;
    for (const e of this.sockets.values()) if (e.principal.user.id === userId) n++;
    return n;
  }

  close(): void {
    this.off();
    clearInterval(this.timer);
    this.sockets.clear();
  }
}

/** Something that holds resources per owner and can end one (the terminal manager). */
export interface OwnedResources {
  owned(): Iterable<{ id: string; owner: Owner }>;
  end(id: string, why: string): unknown;
}

/**
 * Ends every resource whose owner's credentials are revoked: a terminal must not outlive the
 * session that opened it (the shell or exec is killed, not merely detached). Returns the unsubscribe.
 */
export function endOnRevocation(revocations: Revocations, holder: OwnedResources): () => void {
  return revocations.on((rev) => {
    for (const { id, owner } of [...holder.owned()]) {
      if (revokes(rev, owner)) void holder.end(id, `owner signed out (${rev.reason.replace('_', ' ')})`);
    }
  });
}
