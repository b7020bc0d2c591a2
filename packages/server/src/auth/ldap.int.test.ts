import type { LdapTestResult, MeView, UserView } from '@phedds/shared';
import { Client } from 'ldapts';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdapDirectory, type LdapSource } from './ldap.ts';
import { startTestLdap, type TestLdap } from './test-ldap.ts';
import { call, freePort, startAuthTestApp, type AuthTestApp } from './testing.ts';

let ldap: TestLdap;
let ca: string;

beforeAll(async () => {
  ldap = await startTestLdap();
  ca = readFileSync(ldap.caFile, 'utf8');
});
afterAll(async () => {
  await ldap?.stop();
});

const dirWith = (src: Partial<LdapSource['settings']> = {}, bindPassword?: string) =>
  new LdapDirectory(() => ({ settings: ldap.settings(src), bindPassword: bindPassword ?? ldap.bindPassword }));

describe('LDAP directory (real slapd)', () => {
  it('maps groups to roles, from group search and from memberOf alike', async () => {
    for (const dir of [dirWith(), dirWith({ groupBase: '' })]) {
      const roles: Record<string, string | null> = {};
      for (const u of ['alice', 'oscar', 'vera', 'olga', 'nora']) {
        const r = await dir.authenticate(u, `${u}-pass-123`);
        expect(r.ok, `${u}: ${JSON.stringify(r)}`).toBe(true);
        if (r.ok) roles[u] = r.role;
      }
      // olga is in operators and admins: the stronger wins. nora is in no group.
      expect(roles).toEqual({ alice: 'admin', oscar: 'operator', vera: 'viewer', olga: 'admin', nora: null });
    }
  });

  it('matches filter metacharacters in the name literally', async () => {
    // The attack is real: a filter built by pasting the name matches every user.
    const raw = new Client({ url: ldap.url });
    await raw.bind(ldap.bindDn, ldap.bindPassword);
    const pasted = await raw.search(`ou=people,${ldap.base}`, { filter: '(&(uid=*)(uid=*)(objectClass=inetOrgPerson))' });
    await raw.unbind();
    expect(pasted.searchEntries.length).toBeGreaterThan(1);

    const dir = dirWith();
    for (const name of ['*)(uid=*', '*', 'ali*', 'alice)(|(uid=*', 'alice\\2a', '*)(objectClass=*']) {
      const r = await dir.authenticate(name, 'alice-pass-123');
      expect(r, name).toMatchObject({ ok: false, reason: 'no_such_user' });
    }
  });

  it('refuses an empty password before any bind, though the server would take it as anonymous', async () => {
    // This slapd, like Active Directory, accepts a DN with an empty password as an anonymous bind.
    const raw = new Client({ url: ldap.url });
    await raw.bind(`uid=alice,ou=people,${ldap.base}`, '');
    await raw.unbind();

    expect(await dirWith().authenticate('alice', '')).toMatchObject({ ok: false, reason: 'empty_password' });
    // Refused before connecting at all: against a port where nothing listens the answer is the same.
    const nowhere = new LdapDirectory(() => ({ settings: ldap.settings({ url: 'ldap://127.0.0.1:1' }), bindPassword: 'x' }));
    expect(await nowhere.authenticate('alice', '')).toMatchObject({ ok: false, reason: 'empty_password' });
    expect(await nowhere.authenticate('alice', 'alice-pass-123')).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('tells a wrong password, an unknown user and a wrong service password apart (for the log)', async () => {
    expect(await dirWith().authenticate('alice', 'wrong-pass')).toMatchObject({ ok: false, reason: 'bad_password' });
    expect(await dirWith().authenticate('zed', 'whatever-pass')).toMatchObject({ ok: false, reason: 'no_such_user' });
    expect(await dirWith({}, 'not-the-service-password').authenticate('alice', 'alice-pass-123')).toMatchObject({
      ok: false,
      reason: 'misconfigured',
    });
  });

  it('verifies TLS: ldaps and StartTLS work with the CA, fail without it, and only skip checks when told', async () => {
    expect(await dirWith({ url: ldap.ldapsUrl, caCert: ca }).authenticate('alice', 'alice-pass-123')).toMatchObject({ ok: true });
    expect(await dirWith({ startTls: true, caCert: ca }).authenticate('alice', 'alice-pass-123')).toMatchObject({ ok: true });
    const unverified = await dirWith({ url: ldap.ldapsUrl }).authenticate('alice', 'alice-pass-123');
    expect(unverified).toMatchObject({ ok: false, reason: 'unreachable' });
    if (!unverified.ok) expect(unverified.message).toMatch(/certificate/i);
    const startTlsUnverified = await dirWith({ startTls: true }).authenticate('alice', 'alice-pass-123');
    expect(startTlsUnverified).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(await dirWith({ url: ldap.ldapsUrl, tlsVerify: false }).authenticate('alice', 'alice-pass-123')).toMatchObject({ ok: true });
  });
});

describe('directory sign-in through the console', () => {
  let t: AuthTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startAuthTestApp();
    const s = await call(t.base, 'POST', '/api/auth/setup', {
      body: { token: t.auth.issueSetupToken(), username: 'root', password: 'admin passphrase 1' },
    });
    admin = s.cookie!;
    const put = await call(t.base, 'PUT', '/api/settings/ldap', {
      cookie: admin,
      body: { ...ldap.settings(), bindPassword: ldap.bindPassword },
    });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (username: string, password: string) =>
    call<{ me: MeView }>(t.base, 'POST', '/api/auth/login', { body: { username, password } });

  it('gives a member of the admins group the admin role', async () => {
    const r = await login('alice', 'alice-pass-123');
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.me).toMatchObject({ role: 'admin', user: { username: 'alice', source: 'ldap', displayName: 'Alice Admin' } });
    const users = await call<{ users: UserView[] }>(t.base, 'GET', '/api/users', { cookie: r.cookie });
    expect(users.json.users.find((u) => u.username === 'alice')).toMatchObject({ source: 'ldap', role: 'admin' });
  });

  it('refuses an injected filter, an empty password and a user in no group', async () => {
    for (const [name, pw] of [
      ['*)(uid=*', 'alice-pass-123'],
      ['*', 'alice-pass-123'],
      ['alice', ''],
    ] as const) {
      const r = await login(name, pw);
      expect(r.status, name).toBe(401);
      expect(r.cookie).toBeUndefined();
    }
    const nora = await login('nora', 'nora-pass-123');
    expect(nora.status).toBe(403);
    expect(nora.json).toMatchObject({ error: 'no_role' });
  });

  it('maps the role again at every sign-in and ends sessions opened with the old one', async () => {
    const first = await login('oscar', 'oscar-pass-123');
    expect(first.json.me.role).toBe('operator');
    await ldap.modify(`dn: cn=phedds-admins,ou=groups,${ldap.base}
changetype: modify
add: member
member: uid=oscar,ou=people,${ldap.base}
`);
    const second = await login('oscar', 'oscar-pass-123');
    expect(second.json.me.role).toBe('admin');
    expect((await call(t.base, 'GET', '/api/auth/me', { cookie: first.cookie })).status).toBe(401);
    await ldap.modify(`dn: cn=phedds-admins,ou=groups,${ldap.base}
changetype: modify
delete: member
member: uid=oscar,ou=people,${ldap.base}
`);
    expect((await login('oscar', 'oscar-pass-123')).json.me.role).toBe('operator');
    expect((await call(t.base, 'GET', '/api/auth/me', { cookie: second.cookie })).status).toBe(401);
  });

  it('lets a local account keep its name: the directory cannot sign in as it', async () => {
    const made = await call(t.base, 'POST', '/api/users', {
      cookie: admin,
      body: { username: 'vera', password: 'local vera password', role: 'viewer' },
    });
    expect(made.status).toBe(201);
    expect((await login('vera', 'vera-pass-123')).status).toBe(401);
    expect((await login('vera', 'local vera password')).status).toBe(200);
  });

  it('tests the settings for an admin without showing the bind password', async () => {
    const r = await call<LdapTestResult>(t.base, 'POST', '/api/settings/ldap/test', { cookie: admin, body: { username: 'olga' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, user: { role: 'admin', dn: `uid=olga,ou=people,${ldap.base}` } });
    const wrong = await call<LdapTestResult>(t.base, 'POST', '/api/settings/ldap/test', {
      cookie: admin,
      body: { settings: { ...ldap.settings(), bindPassword: 'nope' } },
    });
    expect(wrong.json.ok).toBe(false);
    expect(wrong.json.steps[0]?.message).toMatch(/invalid credentials/i);
    const dump =
      JSON.stringify([r.json, wrong.json, (await call(t.base, 'GET', '/api/settings/ldap', { cookie: admin })).json]) + t.logs.join('');
    expect(dump).not.toContain(ldap.bindPassword);
    for (const pw of ['alice-pass-123', 'oscar-pass-123', 'nora-pass-123'])
      expect(dump + JSON.stringify(t.auth.audit.query({ limit: 500 }))).not.toContain(pw);
  });

  it('answers 503 with a clear message when the directory is down', async () => {
    const port = await freePort();
    await call(t.base, 'PUT', '/api/settings/ldap', { cookie: admin, body: ldap.settings({ url: `ldap://127.0.0.1:${port}` }) });
    const r = await login('alice', 'alice-pass-123');
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({ error: 'directory_unreachable', message: expect.stringMatching(/could not be reached/) as unknown });
    // A local admin still gets in.
    expect((await login('root', 'admin passphrase 1')).status).toBe(200);
  });
});
