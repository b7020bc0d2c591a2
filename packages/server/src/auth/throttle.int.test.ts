import type { AuditPage } from '@phedds/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { call, startAuthTestApp, type AuthTestApp } from './testing.ts';

const PW = 'admin passphrase 1';
let t: AuthTestApp | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function withAdmin(trustedProxies: string[] = []): Promise<AuthTestApp> {
  t = await startAuthTestApp({ plugin: { trustedProxies } });
  const r = await call(t.base, 'POST', '/api/auth/setup', { body: { token: t.auth.issueSetupToken(), username: 'root', password: PW } });
  expect(r.status).toBe(201);
  return t;
}

const login = (app: AuthTestApp, password: string, headers: Record<string, string> = {}) =>
  call(app.base, 'POST', '/api/auth/login', { body: { username: 'root', password }, headers });

describe('login throttling over HTTP', () => {
  it('ignores a spoofed X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const app = await withAdmin();
    // Each guess claims to come from somewhere else; the console sees one peer all the same.
    for (let i = 0; i < 6; i++) {
      const r = await login(app, `guess number ${i}`, { 'x-forwarded-for': `203.0.113.${i}` });
      expect(r.status).toBe(401);
    }
    const locked = await login(app, PW, { 'x-forwarded-for': '198.51.100.77' });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect(locked.json).toMatchObject({ error: 'too_many_attempts', message: expect.stringMatching(/Wait 1 s/) as unknown });
    const audit = app.auth.audit.query({ action: 'auth.login' }).entries;
    expect(audit.every((e) => e.address === '127.0.0.1')).toBe(true);
  });

  it('behind a trusted proxy, an attacker elsewhere cannot lock the admin out', async () => {
    const app = await withAdmin(['127.0.0.1']);
    const home = { 'x-forwarded-for': '192.0.2.10' };
    expect((await login(app, PW, home)).status).toBe(200); // the admin's usual address is now known
    // A distributed guess: 60 addresses, more than the account-wide allowance.
    for (let i = 0; i < 60; i++) await login(app, `guess number ${i}`, { 'x-forwarded-for': `203.0.113.${i}` });
    const fromNew = await login(app, PW, { 'x-forwarded-for': '198.51.100.20' });
    expect(fromNew.status).toBe(429);
    expect(fromNew.json).toMatchObject({ details: { scope: 'account' } });
    const fromHome = await login(app, PW, home);
    expect(fromHome.status).toBe(200);
    const addresses = new Set(app.auth.audit.query({ action: 'auth.login', limit: 500 }).entries.map((e) => e.address));
    expect(addresses.has('203.0.113.59')).toBe(true);
    expect(addresses.has('127.0.0.1')).toBe(false);
  });

  it('sets a Secure __Host- cookie when a trusted proxy says the browser used TLS, and only then', async () => {
    const app = await withAdmin(['127.0.0.1']);
    const tls = await login(app, PW, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.10' });
    expect(tls.status).toBe(200);
    const cookie = tls.setCookie.find((c) => c.startsWith('__Host-phedds_session='))!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await call(app.base, 'GET', '/api/auth/me', { cookie: tls.cookie!, headers: { 'x-forwarded-proto': 'https' } });
    expect(me.status).toBe(200);
    const audit = await call<AuditPage>(app.base, 'GET', '/api/audit?action=auth.login', { cookie: tls.cookie! });
    expect(audit.json.entries[0]).toMatchObject({ address: '192.0.2.10', result: 'ok' });

    await app.close();
    t = await withAdmin([]);
    const spoofed = await login(t, PW, { 'x-forwarded-proto': 'https' });
    expect(spoofed.setCookie.some((c) => /Secure/.test(c))).toBe(false);
  });
});
