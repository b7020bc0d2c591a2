import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, LoginThrottle } from './throttle.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('LoginThrottle', () => {
  it('lets the free attempts through, then locks the pair with a doubling delay', () => {
    const c = clock();
    const th = new LoginThrottle({ ...DEFAULT_THROTTLE, pairFree: 3 }, c.now);
    for (let i = 0; i < 3; i++) {
      expect(th.check('admin', '10.0.0.9', false).ok).toBe(true);
      th.fail('admin', '10.0.0.9', false);
    }
    expect(th.check('admin', '10.0.0.9', false).ok).toBe(true);
    th.fail('admin', '10.0.0.9', false); // 4th failure: 1 s
    const v1 = th.check('admin', '10.0.0.9', false);
    expect(v1).toEqual({ ok: false, scope: 'account-address', retryAfterMs: 1000 });
    c.advance(1000);
    th.fail('admin', '10.0.0.9', false); // 5th: 2 s
    expect(th.check('admin', '10.0.0.9', false)).toMatchObject({ ok: false, retryAfterMs: 2000 });
    c.advance(2000);
    th.fail('admin', '10.0.0.9', false); // 6th: 4 s
    expect(th.check('admin', '10.0.0.9', false)).toMatchObject({ ok: false, retryAfterMs: 4000 });
  });

  it('caps the delay and forgets failures after the window', () => {
    const c = clock();
    const th = new LoginThrottle({ ...DEFAULT_THROTTLE, pairFree: 0, maxDelayMs: 10_000, windowMs: 60_000 }, c.now);
    for (let i = 0; i < 40; i++) th.fail('u', 'a', false);
    expect(th.check('u', 'a', false)).toMatchObject({ ok: false, retryAfterMs: 10_000 });
    c.advance(61_000);
    expect(th.check('u', 'a', false).ok).toBe(true);
    th.fail('u', 'a', false);
    expect(th.check('u', 'a', false)).toMatchObject({ ok: false, retryAfterMs: 1000 });
  });

  it('does not let an attacker elsewhere lock the admin out of a known address', () => {
    const c = clock();
    const th = new LoginThrottle({ ...DEFAULT_THROTTLE, pairFree: 5, addressFree: 1000, accountFree: 50 }, c.now);
    // An attacker guesses the admin's password from 200 different addresses.
    for (let i = 0; i < 200; i++) th.fail('admin', `203.0.113.${i}`, false);
    // A new address is refused by the account-wide limit ...
    expect(th.check('admin', '198.51.100.7', false)).toMatchObject({ ok: false, scope: 'account' });
    // ... but the admin at an address that signed in before goes through.
    expect(th.check('admin', '192.0.2.10', true)).toEqual({ ok: true });
    // Mistypes from the known address do not feed the account-wide counter.
    for (let i = 0; i < 3; i++) th.fail('admin', '192.0.2.10', true);
    expect(th.check('admin', '192.0.2.10', true)).toEqual({ ok: true });
  });

  it('stops one address spraying many accounts, and a success elsewhere does not reset it', () => {
    const c = clock();
    const th = new LoginThrottle({ ...DEFAULT_THROTTLE, pairFree: 5, addressFree: 10 }, c.now);
    for (let i = 0; i < 11; i++) th.fail(`user${i}`, '203.0.113.5', false);
    expect(th.check('someone-else', '203.0.113.5', false)).toMatchObject({ ok: false, scope: 'address' });
    th.succeed('attacker-own-account', '203.0.113.5');
    expect(th.check('someone-else', '203.0.113.5', false)).toMatchObject({ ok: false, scope: 'address' });
    // Another address is not affected.
    expect(th.check('someone-else', '198.51.100.1', false)).toEqual({ ok: true });
  });

  it('treats account names without regard to case, and keeps its memory bounded', () => {
    const c = clock();
    const th = new LoginThrottle({ ...DEFAULT_THROTTLE, pairFree: 1, maxKeys: 100 }, c.now);
    th.fail('Admin', 'a', false);
    th.fail('ADMIN', 'a', false);
    expect(th.check('admin', 'a', false).ok).toBe(false);
    for (let i = 0; i < 1000; i++) th.fail(`n${i}`, `10.1.${i >> 8}.${i & 255}`, false);
    const s = th.sizes();
    expect(s.pair).toBeLessThanOrEqual(100);
    expect(s.address).toBeLessThanOrEqual(100);
    expect(s.account).toBeLessThanOrEqual(100);
  });
});
