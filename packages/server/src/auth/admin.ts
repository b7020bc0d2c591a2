import {
  roleAtLeast,
  weakerRole,
  type LdapSettingsUpdate,
  type LdapSettingsView,
  type TokenCreated,
  type TokenCreateRequest,
  type TokenView,
  type UserCreateRequest,
  type UserUpdateRequest,
  type UserView,
} from '@phedds/shared';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { ldapSettingsProblems } from './ldap.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import type { Principal } from './revocations.ts';
import { fail, type AuthService } from './service.ts';
import { cleanLdapSettings } from './settings.ts';
import { publicUser, type UserRecord } from './users.ts';

/** Tokens one account may hold at once, so a script gone wrong cannot fill the table. */
export const MAX_TOKENS_PER_USER = 50;

const actorOf = (p: Principal) => ({ actor: p.user, via: p.via, address: p.address });

/** What admins do to accounts, tokens and settings; every change is audited. */
export class AccountAdmin {
  constructor(private readonly auth: AuthService) {}

  listUsers(): UserView[] {
    return this.auth.users.list();
  }

  async createUser(p: Principal, req: UserCreateRequest): Promise<UserView> {
    this.auth.checkNewAccount(req.username, req.password);
    const clash = this.auth.users.byName(req.username);
    if (clash) throw fail(409, 'exists', `An account "${clash.username}" already exists (names ignore case). Pick another name.`);
    const u = this.auth.users.create({
      username: req.username,
      role: req.role,
      source: 'local',
      passwordHash: await hashPassword(req.password),
      displayName: req.displayName?.trim() || null,
    });
    this.auth.audit.record({ ...actorOf(p), action: 'user.create', target: u.username, result: 'ok', details: { role: u.role } });
    return publicUser(u);
  }

  private target(id: number): UserRecord {
    const u = this.auth.users.get(id);
    if (!u) throw fail(404, 'not_found', `No account with id ${id}. It may have been deleted; reload the list.`, { id });
    return u;
  }

  /** Refuses changes that would lock everyone out of administration. */
  private guardAdmins(p: Principal, u: UserRecord, what: 'disable' | 'demote' | 'delete'): void {
    if (u.id === p.user.id) {
      throw fail(409, 'self', `You cannot ${what} your own account while signed in with it. Ask another admin.`);
    }
    if (u.role === 'admin' && !u.disabled && this.auth.users.enabledAdmins(u.id) === 0) {
      throw fail(409, 'last_admin', `"${u.username}" is the last enabled admin; make another account admin first.`);
    }
  }

  async updateUser(p: Principal, id: number, req: UserUpdateRequest): Promise<UserView> {
    const u = this.target(id);
    const changes: Record<string, unknown> = {};
    if (req.role !== undefined && req.role !== u.role) {
      if (u.source === 'ldap') {
        throw fail(
          409,
          'directory_role',
          `The role of "${u.username}" comes from its directory groups at each sign-in; change the group mapping in the LDAP settings instead.`,
        );
      }
      if (!roleAtLeast(req.role, 'admin') && u.role === 'admin') this.guardAdmins(p, u, 'demote');
      changes.role = { from: u.role, to: req.role };
    }
    if (req.disabled !== undefined && req.disabled !== u.disabled) {
      if (req.disabled) this.guardAdmins(p, u, 'disable');
      changes.disabled = req.disabled;
    }
    if (req.displayName !== undefined) changes.displayName = req.displayName;
    let passwordHash: string | undefined;
    if (req.password !== undefined) {
      if (u.source === 'ldap')
        throw fail(409, 'directory_account', `"${u.username}" signs in through the directory; its password is changed there.`);
      const problem = passwordProblem(req.password, u.username);
      if (problem) throw fail(400, 'bad_request', `The password ${problem}.`, [{ field: 'body.password', problem }]);
      passwordHash = await hashPassword(req.password);
      changes.reset = 'password';
    }
    const updated = this.auth.users.update(id, {
      ...(req.role !== undefined ? { role: req.role } : {}),
      ...(req.disabled !== undefined ? { disabled: req.disabled } : {}),
      ...(req.displayName !== undefined ? { displayName: req.displayName?.trim() || null } : {}),
      ...(passwordHash !== undefined ? { passwordHash } : {}),
    })!;
    // Whatever the account could do before must stop now, sockets and terminals included.
    if (changes.disabled === true) this.auth.sessions.revokeUser(id, 'disabled', true);
    else if (changes.role !== undefined) this.auth.sessions.revokeUser(id, 'role_changed', true);
    else if (passwordHash !== undefined) this.auth.sessions.revokeUser(id, 'password_changed', false);
    if (Object.keys(changes).length > 0) {
      this.auth.audit.record({ ...actorOf(p), action: 'user.update', target: u.username, result: 'ok', details: changes });
    }
    return publicUser(updated);
  }

  deleteUser(p: Principal, id: number): void {
    const u = this.target(id);
    this.guardAdmins(p, u, 'delete');
    this.auth.sessions.revokeUser(id, 'deleted', true);
    this.auth.users.delete(id);
    this.auth.audit.record({
      ...actorOf(p),
      action: 'user.delete',
      target: u.username,
      result: 'ok',
      details: { role: u.role, source: u.source },
    });
  }

  listTokens(p: Principal, all: boolean): TokenView[] {
    if (all && p.role !== 'admin') throw fail(403, 'forbidden', "Only admins may list everyone's tokens; leave out all=true to see yours.");
    return this.auth.tokens.list(all ? undefined : p.user.id);
  }

  createToken(p: Principal, req: TokenCreateRequest): TokenCreated {
    const ceiling = weakerRole(p.role, p.user.role);
    if (!roleAtLeast(ceiling, req.role)) {
      throw fail(
        403,
        'role_too_high',
        `A token cannot have more rights than you: your role is ${ceiling}, the token asks for ${req.role}.`,
      );
    }
    const live = this.auth.tokens.list(p.user.id).filter((t) => t.revokedAt === null).length;
    if (live >= MAX_TOKENS_PER_USER)
      throw fail(409, 'too_many_tokens', `You already have ${live} tokens; revoke the ones you no longer use.`);
    const created = this.auth.tokens.create(p.user.id, req.name.trim(), req.role, req.expiresInDays);
    this.auth.audit.record({
      ...actorOf(p),
      action: 'token.create',
      target: `${req.name.trim()} (${created.info.prefix}…)`,
      result: 'ok',
      details: { role: req.role, expiresAt: created.info.expiresAt },
    });
    return created;
  }

  revokeToken(p: Principal, id: number): TokenView {
    const t = this.auth.tokens.get(id);
    // Another user's token is "not found" to a non-admin: its existence is not theirs to learn.
    if (!t || (t.userId !== p.user.id && p.role !== 'admin')) throw fail(404, 'not_found', `No token with id ${id} of yours.`, { id });
    if (t.revokedAt !== null) throw fail(409, 'already_revoked', `Token "${t.name}" is already revoked.`);
    this.auth.tokens.revoke(id);
    this.auth.audit.record({
      ...actorOf(p),
      action: 'token.revoke',
      target: `${t.name} (${t.prefix}…)`,
      result: 'ok',
      details: { owner: t.username },
    });
    return this.auth.tokens.get(id)!;
  }

  putLdap(p: Principal, update: LdapSettingsUpdate): LdapSettingsView {
    const problems = ldapSettingsProblems(cleanLdapSettings(update));
    if (problems.length) {
      const first = problems[0]!;
      throw fail(
        400,
        'bad_request',
        `LDAP setting ${first.field} ${first.problem}.`,
        problems.map((x) => ({ field: `body.${x.field}`, problem: x.problem })),
      );
    }
    const before = this.auth.settings.ldap();
    this.auth.settings.putLdap(update);
    const after = this.auth.settings.ldap();
    const changed = Object.keys(after).filter(
      (k) => JSON.stringify(after[k as keyof typeof after]) !== JSON.stringify(before[k as keyof typeof before]),
    );
    if (update.bindPassword !== undefined) changed.push(update.bindPassword === null ? 'bindPassword removed' : 'bindPassword replaced');
    this.auth.audit.record({
      ...actorOf(p),
      action: 'settings.ldap',
      target: 'ldap',
      result: 'ok',
      details: { changed, enabled: after.enabled },
    });
    return this.auth.settings.ldapView();
  }

  /** Writes a consistent copy of the database into `<data>/backups/` and says where. */
  async backup(p: Principal): Promise<{ file: string }> {
    const dir = join(this.auth.store.dir, 'backups');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, `phedds-${new Date().toISOString().replace(/[:.]/g, '-')}.db`);
    await this.auth.store.backup(file);
    this.auth.audit.record({ ...actorOf(p), action: 'admin.backup', target: file, result: 'ok' });
    return { file };
  }
}
