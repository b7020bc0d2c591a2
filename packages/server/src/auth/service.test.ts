import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../engine/errors.ts';
import { AccountAdmin } from './admin.ts';
import { verifyPassword } from './passwords.ts';
import type { Principal, Revocation } from './revocations.ts';
import { AuthService } from './service.ts';

let dir: string;
let t: number;
let auth: AuthService;
let admin: AccountAdmin;
let revs: Revocation[];
const ctx = { address: '192.0.2.1' };
const PW = 'correct horse battery';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'phedds-auth-'));
  t = 1_700_000_000_000;
  auth = AuthService.open(dir, { now: () => t, sessions: { idleMs: 60_000, absoluteMs: 600_000 } });
  admin = new AccountAdmin(auth);
  revs = [];
  auth.revocations.on((r) => revs.push(r));
});
afterEach(() => {
  auth.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rejects(p: Promise<unknown> | (() => unknown)): Promise<EngineError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

async function firstAdmin(): Promise<Principal> {
  const token = auth.issueSetupToken()!;
  const s = await auth.setup(token, 'root', PW, 'The Admin', ctx);
  return auth.principalFromSession(s.secret, ctx.address)!;
}

describe('first-run setup', () => {
  it('creates the first admin only with the printed token, then closes for good', async () => {
    expect(auth.setupNeeded()).toBe(true);
    const token = auth.issueSetupToken()!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    const wrong = await rejects(auth.setup(`${token}x`, 'root', PW, undefined, ctx));
    expect(wrong.status).toBe(403);
    expect(wrong.code).toBe('bad_setup_token');
    expect(auth.users.count()).toBe(0);

    const s = await auth.setup(token, 'root', PW, undefined, ctx);
    expect(s.user.role).toBe('admin');
    expect(auth.setupNeeded()).toBe(false);
    expect(auth.issueSetupToken()).toBeUndefined();
    const again = await rejects(auth.setup(token, 'evil', PW, undefined, ctx));
    expect(again.status).toBe(409);
    expect(auth.users.count()).toBe(1);
  });

  it('refuses weak passwords and odd names before creating anything', async () => {
    const token = auth.issueSetupToken()!;
    expect((await rejects(auth.setup(token, 'root', 'short', undefined, ctx))).status).toBe(400);
    expect((await rejects(auth.setup(token, '<img src=x>', PW, undefined, ctx))).status).toBe(400);
    expect(auth.users.count()).toBe(0);
  });

  it('stores an argon2id hash, never the password', async () => {
    await firstAdmin();
    const hash = auth.users.byName('root')!.passwordHash!;
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, PW)).toBe(true);
    expect(readFileSync(join(dir, 'phedds.db')).includes(Buffer.from(PW))).toBe(false);
  });
});

describe('sign-in and sessions', () => {
  it('signs in with a new session id each time and refuses wrong passwords the same way as unknown names', async () => {
    await firstAdmin();
    const a = await auth.login('ROOT', PW, ctx);
    const b = await auth.login('root', PW, { ...ctx, previousSessionId: a.session.id });
    expect(b.secret).not.toBe(a.secret);
    expect(auth.principalFromSession(a.secret, ctx.address)).toBeUndefined(); // replaced
    expect(auth.principalFromSession(b.secret, ctx.address)?.user.username).toBe('root');
    const wrong = await rejects(auth.login('root', 'not the password', ctx));
    const unknown = await rejects(auth.login('nobody', 'not the password', ctx));
    expect([wrong.status, wrong.code, wrong.message]).toEqual([unknown.status, unknown.code, unknown.message]);
    expect((await rejects(auth.login('root', '', ctx))).status).toBe(401);
  });

  it('ends a session after the idle timeout and after the absolute timeout, telling the socket holders', async () => {
    await firstAdmin();
    const s = await auth.login('root', PW, ctx);
    t += 59_000;
    expect(auth.principalFromSession(s.secret, ctx.address)).toBeDefined(); // refreshes the idle clock
    t += 59_000;
    expect(auth.principalFromSession(s.secret, ctx.address)).toBeDefined();
    t += 61_000;
    expect(auth.principalFromSession(s.secret, ctx.address)).toBeUndefined();
    expect(revs.at(-1)).toMatchObject({ reason: 'expired', sessionIds: [s.session.id] });

    const s2 = await auth.login('root', PW, ctx);
    for (let i = 0; i < 12; i++) {
      t += 50_000;
      auth.sessions.touch(s2.session.id);
    }
    auth.sweep();
    expect(auth.principalFromSession(s2.secret, ctx.address)).toBeUndefined();
    expect(revs.at(-1)).toMatchObject({ reason: 'expired', sessionIds: expect.arrayContaining([s2.session.id]) as unknown });
  });

  it('throttles guessing and answers 429 without checking the password', async () => {
    await firstAdmin();
    // Five free failures, the sixth locks the pair for a second.
    for (let i = 0; i < 6; i++) await rejects(auth.login('root', `guess-${i}-xxxxxx`, { address: '203.0.113.5' }));
    const locked = await rejects(auth.login('root', PW, { address: '203.0.113.5' }));
    expect(locked.status).toBe(429);
    expect(locked.details).toMatchObject({ retryAfterSeconds: 1 });
    // The admin at their usual address is not locked out.
    expect((await auth.login('root', PW, ctx)).user.username).toBe('root');
    const denied = auth.audit.query({ action: 'auth.login', result: 'denied' }).entries;
    expect(denied.some((e) => e.details?.reason === 'throttled')).toBe(true);
  });

  it('ends every session on logout of one, password change, disable and delete', async () => {
    const root = await firstAdmin();
    const alice = await admin.createUser(root, { username: 'alice', password: PW, role: 'operator' });
    const a1 = await auth.login('alice', PW, ctx);
    const a2 = await auth.login('alice', PW, ctx);
    const me = auth.principalFromSession(a1.secret, ctx.address)!;

    auth.logout(me);
    expect(revs.at(-1)).toMatchObject({ reason: 'logout', sessionIds: [a1.session.id], allSessions: false });
    expect(auth.principalFromSession(a2.secret, ctx.address)).toBeDefined();

    const me2 = auth.principalFromSession(a2.secret, ctx.address)!;
    const fresh = await auth.changePassword(me2, PW, 'another good passphrase', ctx);
    expect(revs.at(-1)).toMatchObject({ reason: 'password_changed', userId: alice.id, allSessions: true, allTokens: false });
    expect(auth.principalFromSession(a2.secret, ctx.address)).toBeUndefined();
    expect(auth.principalFromSession(fresh.secret, ctx.address)).toBeDefined();

    await admin.updateUser(root, alice.id, { disabled: true });
    expect(revs.at(-1)).toMatchObject({ reason: 'disabled', userId: alice.id, allSessions: true, allTokens: true });
    expect(auth.principalFromSession(fresh.secret, ctx.address)).toBeUndefined();
    expect((await rejects(auth.login('alice', 'another good passphrase', ctx))).code).toBe('account_disabled');

    await admin.updateUser(root, alice.id, { disabled: false });
    admin.deleteUser(root, alice.id);
    expect(revs.at(-1)).toMatchObject({ reason: 'deleted', userId: alice.id, allTokens: true });
    expect(auth.users.get(alice.id)).toBeUndefined();
  });

  it('keeps at least one enabled admin and refuses to act on oneself', async () => {
    const root = await firstAdmin();
    expect((await rejects(admin.updateUser(root, root.user.id, { disabled: true }))).code).toBe('self');
    expect((await rejects(() => admin.deleteUser(root, root.user.id))).code).toBe('self');
    const bob = await admin.createUser(root, { username: 'bob', password: PW, role: 'admin' });
    const bobP = auth.principalFromSession((await auth.login('bob', PW, ctx)).secret, ctx.address)!;
    await admin.updateUser(bobP, root.user.id, { role: 'viewer' });
    expect((await rejects(admin.updateUser(root, bob.id, { role: 'viewer' }))).status).toBe(409);
    expect((await rejects(admin.createUser(bobP, { username: 'BOB', password: PW, role: 'viewer' }))).code).toBe('exists');
  });
});

describe('API tokens', () => {
  it('acts with the weaker of its role and its owner, stores only a hash, and stops when revoked or expired', async () => {
    const root = await firstAdmin();
    const op = await admin.createUser(root, { username: 'op', password: PW, role: 'operator' });
    const opP = auth.principalFromSession((await auth.login('op', PW, ctx)).secret, ctx.address)!;
    expect((await rejects(() => admin.createToken(opP, { name: 'too strong', role: 'admin' }))).code).toBe('role_too_high');
    const { token, info } = admin.createToken(opP, { name: 'ci', role: 'operator', expiresInDays: 1 });
    expect(token).toMatch(/^phd_/);
    expect(info.prefix).toBe(token.slice(0, 10));
    expect(JSON.stringify(auth.tokens.list())).not.toContain(token);
    expect(readFileSync(join(dir, 'phedds.db')).includes(Buffer.from(token))).toBe(false);
    expect(auth.principalFromToken(token, ctx.address)).toMatchObject({ role: 'operator', via: 'token', tokenId: info.id });

    // The owner is demoted: the token follows.
    await admin.updateUser(root, op.id, { role: 'viewer' });
    expect(auth.principalFromToken(token, ctx.address)?.role).toBe('viewer');

    admin.revokeToken(root, info.id);
    expect(revs.at(-1)).toMatchObject({ reason: 'token_revoked', tokenIds: [info.id] });
    expect(auth.principalFromToken(token, ctx.address)).toBeUndefined();

    const second = admin.createToken(root, { name: 'short-lived', role: 'viewer', expiresInDays: 1 });
    t += 86_400_000;
    auth.sweep();
    expect(revs.at(-1)).toMatchObject({ reason: 'expired', tokenIds: [second.info.id] });
    expect(auth.principalFromToken(second.token, ctx.address)).toBeUndefined();
  });

  it("hides other users' tokens from non-admins", async () => {
    const root = await firstAdmin();
    await admin.createUser(root, { username: 'v', password: PW, role: 'viewer' });
    const vP = auth.principalFromSession((await auth.login('v', PW, ctx)).secret, ctx.address)!;
    const rootToken = admin.createToken(root, { name: 'root-ci', role: 'admin' });
    expect((await rejects(() => admin.revokeToken(vP, rootToken.info.id))).status).toBe(404);
    expect((await rejects(() => admin.listTokens(vP, true))).status).toBe(403);
    expect(admin.listTokens(vP, false)).toEqual([]);
  });
});

describe('share links', () => {
  it("answers a share token's audience in the same single lookup as the token, and only while the token is usable", async () => {
    const root = await firstAdmin();
    const { token, share } = auth.shares.create(root.user.id, 'standup', ['containers', 'logs'], 2);
    const plain = admin.createToken(root, { name: 'ci', role: 'operator' });

    const prepare = vi.spyOn(auth.store.db, 'prepare');
    const p = auth.principalFromToken(token, ctx.address);
    const reads = prepare.mock.calls.filter(([sql]) => /^\s*SELECT/i.test(sql));
    prepare.mockRestore();
    expect(reads).toHaveLength(1);
    expect(p).toMatchObject({ role: 'viewer', via: 'token', tokenId: share.id });
    expect(p?.audience).toEqual({ label: 'standup', panes: ['containers', 'logs'], expiresAt: share.expiresAt });
    expect(auth.principalFromShare(token, ctx.address)?.audience?.label).toBe('standup');

    // An ordinary API token has no audience and is no share.
    expect(auth.principalFromToken(plain.token, ctx.address)).toMatchObject({ role: 'operator', tokenId: plain.info.id });
    expect(auth.principalFromToken(plain.token, ctx.address)?.audience).toBeUndefined();
    expect(auth.principalFromShare(plain.token, ctx.address)).toBeUndefined();

    auth.shares.revoke(share.id);
    expect(auth.principalFromToken(token, ctx.address)).toBeUndefined();
    expect(auth.principalFromShare(token, ctx.address)).toBeUndefined();
  });
});

describe('audit', () => {
  it('records who, from where, what and the result, and never a secret', async () => {
    const root = await firstAdmin();
    await admin.createUser(root, { username: 'carol', password: PW, role: 'viewer' });
    await rejects(auth.login('carol', 'wrong password here', { address: '198.51.100.4' }));
    const created = admin.createToken(root, { name: 'deploy', role: 'operator' });
    admin.putLdap(root, {
      enabled: false,
      url: 'ldap://127.0.0.1:1',
      startTls: false,
      tlsVerify: true,
      caCert: '',
      bindDn: 'cn=svc',
      bindPassword: 'ldap-bind-secret-123',
      userBase: 'ou=people',
      userAttribute: 'uid',
      userFilter: '',
      groupBase: '',
      groupMemberAttribute: 'member',
      groupRoles: { admin: [], operator: [], viewer: [] },
      timeoutMs: 2000,
    });
    auth.recordFor(root, 'terminal.open', 'web-1: /bin/sh', 'ok', { kind: 'exec', token: 'never-logged' });
    expect(auth.audit.query({ action: 'terminal.' }).entries[0]).toMatchObject({
      actor: 'root',
      via: 'session',
      address: ctx.address,
      target: 'web-1: /bin/sh',
      details: { kind: 'exec', token: '[redacted]' },
    });
    const all = auth.audit.query({ limit: 500 }).entries;
    const actions = all.map((e) => `${e.action}:${e.result}`);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.setup:ok', 'user.create:ok', 'auth.login:denied', 'token.create:ok', 'settings.ldap:ok']),
    );
    const failed = all.find((e) => e.action === 'auth.login')!;
    expect(failed).toMatchObject({ actor: null, address: '198.51.100.4', target: 'carol' });
    const dump = JSON.stringify(all);
    for (const secret of [PW, 'wrong password here', created.token, 'ldap-bind-secret-123']) expect(dump).not.toContain(secret);
    expect(auth.settings.ldapView()).toMatchObject({ bindPasswordSet: true });
    expect(JSON.stringify(auth.settings.ldapView())).not.toContain('ldap-bind-secret-123');
    expect(readFileSync(join(dir, 'phedds.db')).includes(Buffer.from('ldap-bind-secret-123'))).toBe(false);
    expect(auth.settings.ldapBindPassword()).toBe('ldap-bind-secret-123');
  });

  it('filters and pages newest first', () => {
    for (let i = 0; i < 7; i++)
      auth.audit.record({ action: i % 2 ? 'user.create' : 'container.stop', target: `t${i}`, result: 'ok', address: 'x' });
    const p1 = auth.audit.query({ limit: 3 });
    expect(p1.entries.map((e) => e.target)).toEqual(['t6', 't5', 't4']);
    const p2 = auth.audit.query({ limit: 3, before: p1.nextBefore! });
    expect(p2.entries.map((e) => e.target)).toEqual(['t3', 't2', 't1']);
    expect(auth.audit.query({ limit: 3, before: p2.nextBefore! })).toMatchObject({ nextBefore: null });
    expect(auth.audit.query({ action: 'user.' }).entries.map((e) => e.target)).toEqual(['t5', 't3', 't1']);
    expect(auth.audit.query({ q: 't4' }).entries).toHaveLength(1);
    expect(auth.audit.query({ q: '%' }).entries).toHaveLength(0);
  });
});
