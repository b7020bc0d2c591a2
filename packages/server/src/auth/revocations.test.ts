import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  endOnRevocation,
  Revocations,
  revokes,
  SocketRegistry,
  WS_CLOSE,
  type Owner,
  type Principal,
  type Revocation,
} from './revocations.ts';

const user = (id: number) => ({
  id,
  username: `u${id}`,
  displayName: null,
  role: 'operator' as const,
  source: 'local' as const,
  disabled: false,
  createdAt: 0,
  lastLoginAt: null,
});
const bySession = (userId: number, sessionId: number): Principal => ({
  user: user(userId),
  role: 'operator',
  via: 'session',
  sessionId,
  address: 'x',
});
const byToken = (userId: number, tokenId: number): Principal => ({
  user: user(userId),
  role: 'viewer',
  via: 'token',
  tokenId,
  address: 'x',
});
const rev = (r: Partial<Revocation>): Revocation => ({
  userId: 1,
  reason: 'logout',
  sessionIds: [],
  tokenIds: [],
  allSessions: false,
  allTokens: false,
  ...r,
});

class FakeSocket extends EventEmitter {
  closedWith: number | undefined;
  close(code?: number): void {
    this.closedWith = code;
    this.emit('close');
  }
}

describe('revocations', () => {
  it('match exactly what they end', () => {
    expect(revokes(rev({ sessionIds: [7] }), bySession(1, 7))).toBe(true);
    expect(revokes(rev({ sessionIds: [7] }), bySession(1, 8))).toBe(false);
    expect(revokes(rev({ allSessions: true }), bySession(1, 8))).toBe(true);
    expect(revokes(rev({ allSessions: true }), bySession(2, 8))).toBe(false);
    // A password change ends sessions, not the account's tokens.
    expect(revokes(rev({ allSessions: true }), byToken(1, 3))).toBe(false);
    expect(revokes(rev({ allTokens: true }), byToken(1, 3))).toBe(true);
    expect(revokes(rev({ tokenIds: [3] }), byToken(1, 3))).toBe(true);
    expect(revokes(rev({ sessionIds: [3] }), byToken(1, 3))).toBe(false);
  });

  it('close the sockets they end, and only those', () => {
    const r = new Revocations();
    const reg = new SocketRegistry(r);
    const a = new FakeSocket();
    const b = new FakeSocket();
    const c = new FakeSocket();
    const seen: string[] = [];
    reg.track(a, bySession(1, 10), (x) => seen.push(x.reason));
    reg.track(b, bySession(1, 11));
    reg.track(c, byToken(1, 5));
    r.emit(rev({ reason: 'logout', sessionIds: [10] }));
    expect([a.closedWith, b.closedWith, c.closedWith]).toEqual([WS_CLOSE.sessionEnded, undefined, undefined]);
    expect(seen).toEqual(['logout']);
    r.emit(rev({ reason: 'disabled', allSessions: true, allTokens: true }));
    expect([b.closedWith, c.closedWith]).toEqual([WS_CLOSE.sessionEnded, WS_CLOSE.sessionEnded]);
    expect(reg.countFor(1)).toBe(0);
    reg.close();
  });

  it('keep the sessions of open sockets in use', () => {
    vi.useFakeTimers();
    try {
      const touched: number[] = [];
      const reg = new SocketRegistry(new Revocations(), (id) => touched.push(id), 1000);
      const a = new FakeSocket();
      reg.track(a, bySession(1, 42));
      reg.track(new FakeSocket(), byToken(1, 9));
      vi.advanceTimersByTime(1000);
      expect(touched).toEqual([42]);
      a.close();
      vi.advanceTimersByTime(1000);
      expect(touched).toEqual([42]);
      reg.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('end the terminals of the owner they revoke', () => {
    const r = new Revocations();
    const terms = new Map<string, Owner>([
      ['t1', bySession(1, 10)],
      ['t2', bySession(2, 20)],
      ['t3', byToken(1, 4)],
    ]);
    const ended: string[] = [];
    const off = endOnRevocation(r, {
      owned: () => [...terms].map(([id, owner]) => ({ id, owner })),
      end: (id, why) => {
        ended.push(`${id}: ${why}`);
        terms.delete(id);
      },
    });
    r.emit(rev({ userId: 1, reason: 'disabled', allSessions: true, allTokens: true }));
    expect(ended).toEqual(['t1: owner signed out (disabled)', 't3: owner signed out (disabled)']);
    off();
    r.emit(rev({ userId: 2, allSessions: true }));
    expect(terms.has('t2')).toBe(true);
  });
});
