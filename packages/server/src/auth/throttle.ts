export interface ThrottleOptions {
  /** Failures allowed for one account from one address before it slows down. */
  pairFree: number;
  /** Failures allowed from one address, all accounts together. */
  addressFree: number;
  /** Failures allowed for one account from all addresses it never signed in from. */
  accountFree: number;
  /** First lockout; it doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** Keys kept at most per kind, so a flood of names cannot fill the memory. */
  maxKeys: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  pairFree: 5,
  addressFree: 20,
  accountFree: 50,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  windowMs: 15 * 60_000,
  maxKeys: 50_000,
};

interface Counter {
  failures: number;
  last: number;
  lockedUntil: number;
}

export type ThrottleScope = 'account-address' | 'address' | 'account';
export type ThrottleVerdict = { ok: true } | { ok: false; scope: ThrottleScope; retryAfterMs: number };

class Counters {
  private readonly map = new Map<string, Counter>();
  constructor(
    private readonly free: number,
    private readonly o: ThrottleOptions,
  ) {}

  lockedFor(key: string, t: number): number {
    const c = this.map.get(key);
    if (!c) return 0;
    if (t - c.last > this.o.windowMs && t >= c.lockedUntil) {
      this.map.delete(key);
      return 0;
    }
    return Math.max(0, c.lockedUntil - t);
  }

  fail(key: string, t: number): void {
    let c = this.map.get(key);
    if (!c || (t - c.last > this.o.windowMs && t >= c.lockedUntil)) c = { failures: 0, last: t, lockedUntil: 0 };
    c.failures++;
    c.last = t;
    if (c.failures > this.free) {
      const delay = Math.min(this.o.baseDelayMs * 2 ** Math.min(c.failures - this.free - 1, 30), this.o.maxDelayMs);
      c.lockedUntil = t + delay;
    }
    this.map.delete(key); // re-insert: the map's order is then least recently failed first
    this.map.set(key, c);
    if (this.map.size > this.o.maxKeys) this.prune(t);
  }

  clear(key: string): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }

  private prune(t: number): void {
    for (const [k, c] of this.map) {
      if (t - c.last > this.o.windowMs && t >= c.lockedUntil) this.map.delete(k);
    }
    // Still too many: forget the oldest (they are the least recently failed).
    for (const k of this.map.keys()) {
      if (this.map.size <= this.o.maxKeys) break;
      this.map.delete(k);
    }
  }
}

/**
 * Sign-in throttling on three keys. The (account, address) pair slows down first, so one
 * attacker guessing one password is stopped soon; the address alone stops one machine trying
 * many accounts; the account alone stops many machines on one account — but only for
 * addresses that never signed in as it, so an attacker elsewhere cannot lock the real admin out.
 * While a key is locked, the password is not even checked.
 */
export class LoginThrottle {
  private readonly pair: Counters;
  private readonly address: Counters;
  private readonly account: Counters;

  constructor(
    readonly opts: ThrottleOptions = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {
    this.pair = new Counters(opts.pairFree, opts);
    this.address = new Counters(opts.addressFree, opts);
    this.account = new Counters(opts.accountFree, opts);
  }

  /** May this attempt go ahead? `knownAddress`: this address signed in as this account before. */
  check(account: string, address: string, knownAddress: boolean): ThrottleVerdict {
    const t = this.now();
    const acc = account.toLowerCase();
    const checks: [ThrottleScope, number][] = [
      ['account-address', this.pair.lockedFor(`${acc}\n${address}`, t)],
      ['address', this.address.lockedFor(address, t)],
      ['account', knownAddress ? 0 : this.account.lockedFor(acc, t)],
    ];
    const worst = checks.reduce((a, b) => (b[1] > a[1] ? b : a));
    return worst[1] > 0 ? { ok: false, scope: worst[0], retryAfterMs: worst[1] } : { ok: true };
  }

  fail(account: string, address: string, knownAddress: boolean): void {
    const t = this.now();
    const acc = account.toLowerCase();
    this.pair.fail(`${acc}\n${address}`, t);
    this.address.fail(address, t);
    // Failures from the account's own usual places are that person mistyping, not an attack.
    if (!knownAddress) this.account.fail(acc, t);
  }

  /** A success clears only its own pair: signing in to one's own account must not reset an address that sprays others. */
  succeed(account: string, address: string): void {
    this.pair.clear(`${account.toLowerCase()}\n${address}`);
  }

  /** Keys held, per kind (for tests and status). */
  sizes(): { pair: number; address: number; account: number } {
    return { pair: this.pair.size, address: this.address.size, account: this.account.size };
  }
}
