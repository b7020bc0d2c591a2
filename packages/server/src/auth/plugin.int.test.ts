import type { AuditPage, LdapSettingsView, MeView, TokenCreated, UserView } from '@phedds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, closed, openSocket, startAuthTestApp, type AuthTestApp } from './testing.ts';

const PW = 'admin passphrase 1';
const OP_PW = 'operator passphrase';
const VIEW_PW = 'viewer passphrase';
let t: AuthTestApp;
let adminCookie: string;
let setupToken: string;

async function signIn(username: string, password: string): Promise<string> {
  const r = await call(t.base, 'POST', '/api/auth/login', { body: { username, password } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.cookie!;
}

beforeAll(async () => {
  t = await startAuthTestApp();
  setupToken = t.auth.issueSetupToken()!;
});
afterAll(async () => {
  await t.close();
});

describe('before and at first run', () => {
  it('answers 401 on every API route and websocket path without a session, but the public ones', async () => {
    const routes = t.handle.routes().filter((r) => r.includes(' /api/'));
    expect(routes.length).toBeGreaterThan(20);
    const publicOnes = [
      'GET /api/health',
      'GET /api/auth/setup',
      'POST /api/auth/setup',
      'POST /api/auth/login',
      'POST /api/shares/redeem',
    ];
    for (const r of routes) {
      const [method, path] = r.split(' ') as [string, string];
      const url = path.replace(/:action/g, 'stop').replace(/:[a-z]+/gi, '1');
      const res = await call(t.base, method, url, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
      if (publicOnes.includes(r)) expect(res.status, r).not.toBe(401);
      else expect(res.status, r).toBe(401);
    }
    for (const path of ['/api/live', '/api/terminals/abc/attach']) {
      await expect(openSocket(t.wsBase + path)).rejects.toThrow('HTTP 401');
    }
    // Unknown API paths give nothing away; static paths are public.
    expect((await call(t.base, 'GET', '/api/no-such-thing')).status).toBe(401);
    expect((await call(t.base, 'GET', '/index.html')).status).toBe(404);
  });

  it('creates the first admin only with the printed token, then closes setup', async () => {
    expect((await call(t.base, 'GET', '/api/auth/setup')).json).toEqual({ needed: true });
    const remote = await call(t.base, 'POST', '/api/auth/setup', { body: { token: 'guessed', username: 'root', password: PW } });
    expect(remote.status).toBe(403);
    expect(remote.json).toMatchObject({ error: 'bad_setup_token' });

    const ok = await call<{ me: MeView }>(t.base, 'POST', '/api/auth/setup', {
      body: { token: setupToken, username: 'root', password: PW },
    });
    expect(ok.status).toBe(201);
    expect(ok.json.me).toMatchObject({ role: 'admin', via: 'session', user: { username: 'root' } });
    const flags = ok.setCookie.find((c) => c.startsWith('phedds_session='))!;
    expect(flags).toMatch(/HttpOnly/);
    expect(flags).toMatch(/SameSite=Strict/);
    expect(flags).toMatch(/Path=\//);
    expect(flags).not.toMatch(/Secure/); // plain HTTP
    adminCookie = ok.cookie!;

    const again = await call(t.base, 'POST', '/api/auth/setup', { body: { token: setupToken, username: 'x', password: PW } });
    expect(again.status).toBe(409);
    expect((await call(t.base, 'GET', '/api/auth/setup')).json).toEqual({ needed: false });
  });
});

describe('signed in', () => {
  let opCookie: string;
  let viewerCookie: string;
  let viewerId: number;

  beforeAll(async () => {
    const mk = async (username: string, password: string, role: string) => {
      const r = await call<{ user: UserView }>(t.base, 'POST', '/api/users', { cookie: adminCookie, body: { username, password, role } });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      return r.json.user;
    };
    await mk('oper', OP_PW, 'operator');
    viewerId = (await mk('viewer', VIEW_PW, 'viewer')).id;
    opCookie = await signIn('oper', OP_PW);
    viewerCookie = await signIn('viewer', VIEW_PW);
  });

  it('gives a new session id at sign-in and forgets the one the browser came with', async () => {
    const first = await signIn('oper', OP_PW);
    const r = await call(t.base, 'POST', '/api/auth/login', { cookie: first, body: { username: 'oper', password: OP_PW } });
    expect(r.cookie).toBeDefined();
    expect(r.cookie).not.toBe(first);
    expect((await call(t.base, 'GET', '/api/auth/me', { cookie: first })).status).toBe(401);
    expect((await call(t.base, 'GET', '/api/auth/me', { cookie: r.cookie })).status).toBe(200);
    // A made-up cookie is no session either.
    expect((await call(t.base, 'GET', '/api/auth/me', { cookie: 'phedds_session=' + 'A'.repeat(43) })).status).toBe(401);
  });

  it('lets a viewer read but not act, on REST and on sockets', async () => {
    expect((await call(t.base, 'GET', '/api/containers', { cookie: viewerCookie })).status).toBe(200);
    const stop = await call(t.base, 'POST', '/api/containers/web/stop', { cookie: viewerCookie });
    expect(stop.status).toBe(403);
    expect(stop.json).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/viewer/) as unknown });
    expect((await call(t.base, 'POST', '/api/terminals', { cookie: viewerCookie, body: { kind: 'exec' } })).status).toBe(403);
    await expect(openSocket(`${t.wsBase}/api/terminals/abc/attach`, { cookie: viewerCookie, origin: t.base })).rejects.toThrow('HTTP 403');
    const live = await openSocket(`${t.wsBase}/api/live`, { cookie: viewerCookie, origin: t.base });
    expect(JSON.parse(await live.first)).toEqual({ hello: 'viewer', role: 'viewer' });
    live.ws.close();
    expect(t.actions).not.toContain('stop web');

    expect((await call(t.base, 'POST', '/api/containers/web/stop', { cookie: opCookie, origin: t.base })).status).toBe(200);
    expect(t.actions).toContain('stop web');
    const entry = (await call<AuditPage>(t.base, 'GET', '/api/audit?action=container.stop', { cookie: adminCookie })).json.entries[0];
    expect(entry).toMatchObject({ actor: 'oper', action: 'container.stop', target: 'web', result: 'ok', via: 'session' });
    const refusal = (await call<AuditPage>(t.base, 'GET', '/api/audit?action=access.denied&actor=viewer', { cookie: adminCookie })).json;
    expect(refusal.entries.some((e) => e.target === 'POST /api/containers/web/stop')).toBe(true);
  });

  it('refuses cross-origin upgrades and changes even with a valid cookie', async () => {
    const port = new URL(t.base).port;
    for (const origin of ['http://evil.test', 'null', `http://127.0.0.1:${Number(port) + 1}`, `http://localhost:${port}`]) {
      await expect(openSocket(`${t.wsBase}/api/live`, { cookie: adminCookie, origin }), origin).rejects.toThrow('HTTP 403');
      const r = await call(t.base, 'POST', '/api/containers/web/stop', { cookie: adminCookie, origin });
      expect(r.status, origin).toBe(403);
      expect(r.json).toMatchObject({ error: 'forbidden_origin' });
    }
    const ok = await openSocket(`${t.wsBase}/api/live`, { cookie: adminCookie, origin: t.base });
    ok.ws.close();
    expect(t.actions.filter((a) => a === 'stop web')).toHaveLength(1);
  });

  it('refuses a route with no rule to everyone, admins included', async () => {
    expect(t.handle.routesWithoutRule()).toEqual(['POST /api/unlisted']);
    expect((await call(t.base, 'POST', '/api/unlisted', { cookie: adminCookie })).status).toBe(403);
  });

  it('closes the open sockets of a disabled user', async () => {
    const v = await signIn('viewer', VIEW_PW);
    const s = await openSocket(`${t.wsBase}/api/live`, { cookie: v, origin: t.base });
    await s.first;
    const gone = closed(s.ws);
    const r = await call(t.base, 'PATCH', `/api/users/${viewerId}`, { cookie: adminCookie, origin: t.base, body: { disabled: true } });
    expect(r.status).toBe(200);
    expect(await gone).toMatchObject({ code: 4401 });
    expect((await call(t.base, 'GET', '/api/containers', { cookie: v })).status).toBe(401);
    expect((await call(t.base, 'POST', '/api/auth/login', { body: { username: 'viewer', password: VIEW_PW } })).status).toBe(403);
    await call(t.base, 'PATCH', `/api/users/${viewerId}`, { cookie: adminCookie, body: { disabled: false } });
  });

  it('logs out: the cookie is cleared and the session is gone', async () => {
    const c = await signIn('oper', OP_PW);
    const s = await openSocket(`${t.wsBase}/api/live`, { cookie: c, origin: t.base });
    await s.first;
    const gone = closed(s.ws);
    const out = await call(t.base, 'POST', '/api/auth/logout', { cookie: c, origin: t.base });
    expect(out.status).toBe(200);
    expect(out.setCookie.some((x) => /phedds_session=;/.test(x))).toBe(true);
    expect((await gone).code).toBe(4401);
    expect((await call(t.base, 'GET', '/api/auth/me', { cookie: c })).status).toBe(401);
  });

  it('serves scripts with API tokens, scoped, revocable, and never shown twice', async () => {
    const made = await call<TokenCreated>(t.base, 'POST', '/api/tokens', { cookie: opCookie, body: { name: 'ci', role: 'viewer' } });
    expect(made.status).toBe(201);
    expect(made.headers.get('cache-control')).toBe('no-store');
    const auth = { authorization: `Bearer ${made.json.token}` };
    expect((await call(t.base, 'GET', '/api/containers', { headers: auth })).status).toBe(200);
    expect((await call(t.base, 'POST', '/api/containers/web/restart', { headers: auth })).status).toBe(403);
    expect((await call(t.base, 'POST', '/api/tokens', { headers: auth, body: { name: 'more', role: 'viewer' } })).status).toBe(403);
    const ws = await openSocket(`${t.wsBase}/api/live`, auth);
    expect(JSON.parse(await ws.first)).toMatchObject({ hello: 'oper', role: 'viewer' });
    const listed = await call(t.base, 'GET', '/api/tokens', { cookie: opCookie });
    expect(JSON.stringify(listed.json)).not.toContain(made.json.token);

    const gone = closed(ws.ws);
    expect((await call(t.base, 'DELETE', `/api/tokens/${made.json.info.id}`, { cookie: opCookie })).status).toBe(200);
    expect((await gone).code).toBe(4401);
    const after = await call(t.base, 'GET', '/api/containers', { headers: auth });
    expect(after.status).toBe(401);
    expect(after.json).toMatchObject({ error: 'invalid_token' });
  });

  it('keeps the LDAP bind password write-only and the audit log read-only', async () => {
    const settings = {
      enabled: false,
      url: 'ldap://127.0.0.1:1',
      bindDn: 'cn=svc,dc=x',
      bindPassword: 'bind-secret-7f3a',
      userBase: 'ou=people,dc=x',
    };
    const put = await call<LdapSettingsView>(t.base, 'PUT', '/api/settings/ldap', { cookie: adminCookie, body: settings });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json.bindPasswordSet).toBe(true);
    const got = await call(t.base, 'GET', '/api/settings/ldap', { cookie: adminCookie });
    expect(JSON.stringify(got.json)).not.toContain('bind-secret-7f3a');
    expect((await call(t.base, 'GET', '/api/settings/ldap', { cookie: opCookie })).status).toBe(403);
    const bad = await call(t.base, 'PUT', '/api/settings/ldap', { cookie: adminCookie, body: { ...settings, url: 'http://x' } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/ldap:\/\//) as unknown });

    for (const m of ['DELETE', 'PUT', 'PATCH', 'POST'])
      expect((await call(t.base, m, '/api/audit', { cookie: adminCookie, body: {} })).status).toBe(404);
    expect((await call(t.base, 'GET', '/api/audit', { cookie: opCookie })).status).toBe(403);
    const audit = await call<AuditPage>(t.base, 'GET', '/api/audit?limit=500', { cookie: adminCookie });
    expect(audit.json.entries.length).toBeGreaterThan(10);
    const everything = JSON.stringify(audit.json) + t.logs.join('\n');
    for (const secret of [PW, OP_PW, VIEW_PW, 'bind-secret-7f3a', setupToken]) expect(everything).not.toContain(secret);
    // Nor any session cookie value.
    expect(everything).not.toContain(adminCookie.split('=')[1]);
  });

  it('changes a password: every other session of the account ends', async () => {
    const a = await signIn('oper', OP_PW);
    const b = await signIn('oper', OP_PW);
    const wrong = await call(t.base, 'POST', '/api/auth/password', {
      cookie: a,
      body: { currentPassword: 'nope nope nope', newPassword: 'x'.repeat(12) },
    });
    expect(wrong.status).toBe(403);
    const r = await call(t.base, 'POST', '/api/auth/password', {
      cookie: a,
      body: { currentPassword: OP_PW, newPassword: 'new operator pass' },
    });
    expect(r.status).toBe(200);
    expect((await call(t.base, 'GET', '/api/auth/me', { cookie: a })).status).toBe(401);
    expect((await call(t.base, 'GET', '/api/auth/me', { cookie: b })).status).toBe(401);
    expect((await call(t.base, 'GET', '/api/auth/me', { cookie: r.cookie })).status).toBe(200);
  });

  it('sets the security headers on every answer', async () => {
    for (const path of ['/api/health', '/api/containers', '/nothing']) {
      const r = await call(t.base, 'GET', path);
      expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'; style-src 'self'/);
      expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
