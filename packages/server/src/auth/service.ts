import { USERNAME_PATTERN, type MeView } from '@phedds/shared';
import { EngineError } from '../engine/errors.ts';
import { SecretBox } from '../store/secrets.ts';
import { openStore, type Store, type StoreOptions } from '../store/store.ts';
import { AuditLog } from './audit.ts';
import { LdapDirectory } from './ldap.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { Revocations, type Principal } from './revocations.ts';
import { DEFAULT_SESSION_OPTIONS, SessionStore, type Session, type SessionOptions } from './sessions.ts';
import { SettingsStore } from './settings.ts';
import { SetupGate } from './setup.ts';
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottleOptions } from './throttle.ts';
import { ShareStore } from './shares.ts';
import { TokenStore } from './tokens.ts';
import { publicUser, UserStore, type UserRecord } from './users.ts';

export interface AuthOptions {
  sessions?: Partial<SessionOptions>;
  throttle?: Partial<ThrottleOptions>;
  /** An address that signed in as an account stays "known" to it this long (default 90 days). */
  knownAddressMs?: number;
  /** How often timed-out sessions and expired tokens are ended (default 30 s). */
  sweepEveryMs?: number;
  now?: () => number;
  log?: (level: 'info' | 'warn', msg: string) => void;
}

/** Where a request comes from. */
export interface RequestContext {
  address: string;
  userAgent?: string;
  /** The session the request came with, if any: replaced at sign-in so its id is never reused. */
  previousSessionId?: number;
}

export interface SignedIn {
  user: UserRecord;
  secret: string;
  session: Session;
}

export const fail = (status: number, code: string, message: string, details?: unknown): EngineError =>
  new EngineError(status, code, message, details);

const INVALID = (): EngineError => fail(401, 'invalid_credentials', 'Wrong username or password. Check both and try again.');
const USERNAME = new RegExp(USERNAME_PATTERN);
export const SETUP_ACCOUNT = '(setup)';

/**
 * Accounts, sessions, tokens, settings and the audit log over one store. The routes are thin
 * over this; the live gateway and terminal manager subscribe to `revocations`.
 */
export class AuthService {
  readonly revocations = new Revocations();
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly tokens: TokenStore;
  readonly shares: ShareStore;
  readonly audit: AuditLog;
  readonly settings: SettingsStore;
  readonly throttle: LoginThrottle;
  readonly ldap: LdapDirectory;
  readonly setupGate = new SetupGate();
  private readonly now: () => number;
  private readonly knownMs: number;
  private readonly throttleAudited = new Map<string, number>();
  private sweeper: NodeJS.Timeout | undefined;
  private lastSweep: number;

  constructor(
    readonly store: Store,
    readonly opts: AuthOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    const db = store.db;
    this.users = new UserStore(db, this.now);
    this.sessions = new SessionStore(db, this.revocations, { ...DEFAULT_SESSION_OPTIONS, ...opts.sessions }, this.now);
    this.tokens = new TokenStore(db, this.revocations, this.now);
    this.shares = new ShareStore(db, this.tokens, this.now);
    this.audit = new AuditLog(db, this.now);
    this.settings = new SettingsStore(db, SecretBox.open(store.dir), this.now);
    this.throttle = new LoginThrottle({ ...DEFAULT_THROTTLE, ...opts.throttle }, this.now);
    this.ldap = new LdapDirectory(() => this.settings.ldapSource());
    this.knownMs = opts.knownAddressMs ?? 90 * 86_400_000;
    this.lastSweep = this.now();
  }

  /** Opens the data folder and the service over it (throws StoreError with a message for a person). */
  static open(dataDir: string, opts: AuthOptions & { store?: StoreOptions } = {}): AuthService {
    return new AuthService(openStore(dataDir, opts.store), opts);
  }

  /** True while the console has no account at all: it then accepts only the first-run setup. */
  setupNeeded(): boolean {
    return this.users.count() === 0;
  }

  /** At start-up: a one-time setup token to print when setup is needed, else undefined. */
  issueSetupToken(): string | undefined {
    return this.setupGate.issue(this.setupNeeded());
  }

  /** Ends timed-out sessions and expired tokens every `sweepEveryMs`, so their sockets close on time. */
  startSweeper(): void {
    this.sweeper ??= setInterval(() => this.sweep(), this.opts.sweepEveryMs ?? 30_000);
    this.sweeper.unref();
  }

  sweep(): void {
    const t = this.now();
    this.sessions.sweep();
    this.tokens.sweepExpired(this.lastSweep);
    this.lastSweep = t;
  }

  close(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.store.close();
  }

  principalFromSession(secret: string, address: string): Principal | undefined {
    const r = this.sessions.resolve(secret);
    if (!r) return undefined;
    return { user: publicUser(r.user), role: r.user.role, via: 'session', sessionId: r.session.id, address };
  }

  principalFromToken(token: string, address: string): Principal | undefined {
    // One lookup answers both the token and, for a share link's token, its audience.
    const r = this.tokens.resolve(token);
    if (!r) return undefined;
    return {
      user: publicUser(r.user),
      role: r.role,
      via: 'token',
      tokenId: r.tokenId,
      address,
      ...(r.audience ? { audience: r.audience } : {}),
    };
  }

  /** An audience member's principal: only a share's token, never another API token. */
  principalFromShare(token: string, address: string): Principal | undefined {
    const p = this.principalFromToken(token, address);
    return p?.audience ? p : undefined;
  }

  me(p: Principal): MeView {
    const s = p.sessionId !== undefined ? this.sessions.get(p.sessionId) : undefined;
    return {
      user: p.user,
      role: p.role,
      via: p.via,
      ...(p.audience ? { audience: p.audience } : {}),
      ...(s ? { expiresAt: s.expiresAt, idleTimeoutMs: this.sessions.opts.idleMs } : {}),
    };
  }

  /** Creates the first admin with the printed token, then closes setup for good. */
  async setup(token: string, username: string, password: string, displayName: string | undefined, ctx: RequestContext): Promise<SignedIn> {
    if (!this.setupNeeded()) {
      this.setupGate.close();
      throw fail(409, 'setup_closed', 'This console is already set up. Sign in with an existing account; an admin can create more.');
    }
    this.checkThrottle(SETUP_ACCOUNT, ctx.address, false, 'auth.setup');
    if (!this.setupGate.matches(token)) {
      this.throttle.fail(SETUP_ACCOUNT, ctx.address, false);
      this.audit.record({
        via: 'setup',
        address: ctx.address,
        action: 'auth.setup',
        result: 'denied',
        details: { reason: 'wrong setup token' },
      });
      throw fail(
        403,
        'bad_setup_token',
        'That setup token is not the one this console printed. Copy the setup link from the console output of the running server (a restart prints a new one).',
      );
    }
    this.checkNewAccount(username, password);
    const hash = await hashPassword(password);
    const user = this.store.db.transaction(() => {
      // Checked again inside the write: two setups racing cannot both create an admin.
      if (!this.setupNeeded()) return undefined;
      return this.users.create({ username, role: 'admin', source: 'local', passwordHash: hash, displayName: displayName ?? null });
    })();
    if (!user) throw fail(409, 'setup_closed', 'This console was set up a moment ago. Sign in with that account.');
    this.setupGate.close();
    this.audit.record({ actor: user, via: 'setup', address: ctx.address, action: 'auth.setup', target: user.username, result: 'ok' });
    return this.startSession(user, ctx);
  }

  /** Signs in with a local or directory account; the session id is always new. */
  async login(username: string, password: string, ctx: RequestContext): Promise<SignedIn> {
    const name = username.trim();
    const local = name.length > 0 && name.length <= 256 ? this.users.byName(name) : undefined;
    const known = local ? this.users.knownAddress(local.id, ctx.address, this.knownMs) : false;
    this.checkThrottle(name, ctx.address, known, 'auth.login');
    const refuse = (why: string, err: EngineError = INVALID(), counts = true): never => {
      if (counts) this.throttle.fail(name, ctx.address, known);
      this.audit.record({
        address: ctx.address,
        action: 'auth.login',
        target: name.slice(0, 256),
        result: 'denied',
        details: { reason: why },
      });
      throw err;
    };
    if (name.length === 0 || name.length > 256) refuse('malformed username');
    if (password === '') refuse('empty password');

    let user: UserRecord;
    if (local?.source === 'local' || (!local && !this.settings.ldap().enabled)) {
      const ok = await verifyPassword(local?.passwordHash, password);
      if (!local || !ok) return refuse(local ? 'wrong password' : 'no such account');
      user = local;
    } else {
      const r = await this.ldap.authenticate(local?.username ?? name, password);
      if (!r.ok) {
        if (r.reason === 'unreachable' || r.reason === 'misconfigured') {
          this.opts.log?.('warn', `directory sign-in failed: ${r.message}`);
          return refuse(
            r.message,
            fail(
              503,
              'directory_unreachable',
              'The directory that checks passwords could not be reached. Try again in a moment, or ask an admin.',
            ),
            false,
          );
        }
        return refuse(`directory: ${r.reason}`);
      }
      if (r.role === null) {
        return refuse(
          'directory account in no mapped group',
          fail(
            403,
            'no_role',
            'Your directory account is in none of the groups that give access to this console. Ask an admin to add you to one.',
          ),
          false,
        );
      }
      user = this.upsertDirectoryUser(local, r.username, r.displayName, r.role, ctx);
    }
    if (user.disabled)
      return refuse('account disabled', fail(403, 'account_disabled', 'This account is disabled. Ask an admin to enable it.'), false);
    this.throttle.succeed(name, ctx.address);
    this.users.rememberAddress(user.id, ctx.address);
    this.users.recordLogin(user.id);
    this.audit.record({
      actor: user,
      via: 'session',
      address: ctx.address,
      action: 'auth.login',
      target: user.username,
      result: 'ok',
      details: { source: user.source, role: user.role },
    });
    return this.startSession(user, ctx);
  }

  /** Records what a principal did (for callers outside the account routes: terminals, deploys…). */
  recordFor(
    p: Principal,
    action: string,
    target: string | null,
    result: 'ok' | 'denied' | 'failed',
    details?: Record<string, unknown>,
  ): void {
    this.audit.record({ actor: p.user, via: p.via, address: p.address, action, target, result, ...(details ? { details } : {}) });
  }

  logout(p: Principal): void {
    if (p.sessionId !== undefined) this.sessions.revoke(p.sessionId, 'logout');
    this.audit.record({ actor: p.user, via: p.via, address: p.address, action: 'auth.logout', target: p.user.username, result: 'ok' });
  }

  /** Changes one's own password: every session of the account ends, and this browser gets a new one. */
  async changePassword(p: Principal, current: string, next: string, ctx: RequestContext): Promise<SignedIn> {
    const user = this.users.get(p.user.id);
    if (!user) throw fail(401, 'unauthenticated', 'Sign in again.');
    if (user.source !== 'local') {
      throw fail(409, 'directory_account', 'This account signs in through the directory (LDAP); change its password there.');
    }
    this.checkThrottle(user.username, ctx.address, true, 'auth.password');
    if (!(await verifyPassword(user.passwordHash, current))) {
      this.throttle.fail(user.username, ctx.address, true);
      this.audit.record({
        actor: user,
        via: p.via,
        address: ctx.address,
        action: 'auth.password',
        target: user.username,
        result: 'denied',
        details: { reason: 'wrong current password' },
      });
      throw fail(403, 'wrong_password', 'The current password is wrong. Enter the one you signed in with.');
    }
    const problem = passwordProblem(next, user.username);
    if (problem) throw fail(400, 'bad_request', `The new password ${problem}.`, [{ field: 'body.newPassword', problem }]);
    this.users.update(user.id, { passwordHash: await hashPassword(next) });
    this.sessions.revokeUser(user.id, 'password_changed', false);
    this.audit.record({ actor: user, via: p.via, address: ctx.address, action: 'auth.password', target: user.username, result: 'ok' });
    return this.startSession(user, { ...ctx, previousSessionId: undefined });
  }

  /** Refuses (429, audited once per lockout) when a throttle key is locked. */
  checkThrottle(account: string, address: string, known: boolean, action: string): void {
    const v = this.throttle.check(account, address, known);
    if (v.ok) return;
    const seconds = Math.ceil(v.retryAfterMs / 1000);
    const key = `${action}\n${account.toLowerCase()}\n${address}`;
    const t = this.now();
    if ((this.throttleAudited.get(key) ?? 0) <= t) {
      if (this.throttleAudited.size > 10_000) this.throttleAudited.clear();
      this.throttleAudited.set(key, t + v.retryAfterMs);
      this.audit.record({
        address,
        action,
        target: account.slice(0, 256),
        result: 'denied',
        details: { reason: 'throttled', scope: v.scope, retryAfterSeconds: seconds },
      });
    }
    throw fail(429, 'too_many_attempts', `Too many failed attempts. Wait ${seconds} s and try again.`, {
      retryAfterSeconds: seconds,
      scope: v.scope,
    });
  }

  /** A username and password acceptable for a new local account, or a 400 saying why not. */
  checkNewAccount(username: string, password: string): void {
    if (!USERNAME.test(username)) {
      const problem = 'must be 1–64 letters, digits or ._@- and start with a letter or digit';
      throw fail(400, 'bad_request', `The username ${problem}.`, [{ field: 'body.username', problem }]);
    }
    const problem = passwordProblem(password, username);
    if (problem) throw fail(400, 'bad_request', `The password ${problem}.`, [{ field: 'body.password', problem }]);
  }

  private startSession(user: UserRecord, ctx: RequestContext): SignedIn {
    if (ctx.previousSessionId !== undefined) this.sessions.revoke(ctx.previousSessionId, 'replaced');
    const { secret, session } = this.sessions.create(user.id, {
      address: ctx.address,
      ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}),
    });
    return { user, secret, session };
  }

  /** The local record of a directory account, created at its first sign-in; its role follows its groups. */
  private upsertDirectoryUser(
    existing: UserRecord | undefined,
    username: string,
    displayName: string | null,
    role: UserRecord['role'],
    ctx: RequestContext,
  ): UserRecord {
    if (!existing) {
      const clash = this.users.byName(username);
      if (clash)
        throw fail(409, 'name_taken', `A local account "${clash.username}" already has this name; ask an admin to rename or remove it.`);
      const u = this.users.create({ username, role, source: 'ldap', passwordHash: null, displayName });
      this.audit.record({
        actor: u,
        via: 'session',
        address: ctx.address,
        action: 'user.create',
        target: u.username,
        result: 'ok',
        details: { source: 'ldap', role },
      });
      return u;
    }
    if (existing.role !== role) {
      // Demoted or promoted by the directory: sockets opened with the old role close.
      this.sessions.revokeUser(existing.id, 'role_changed', true);
      this.audit.record({
        actor: existing,
        via: 'session',
        address: ctx.address,
        action: 'user.update',
        target: existing.username,
        result: 'ok',
        details: { role: { from: existing.role, to: role }, by: 'directory groups' },
      });
    }
    return this.users.update(existing.id, { role, displayName })!;
  }
}
