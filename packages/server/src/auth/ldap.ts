import { ROLES, type LdapSettings, type LdapTestResult, type Role } from '@phedds/shared';
import { AndFilter, Client, EqualityFilter, FilterParser, InvalidCredentialsError, SizeLimitExceededError, type Filter } from 'ldapts';
import type { ConnectionOptions } from 'node:tls';

export type LdapFailure = 'empty_password' | 'no_such_user' | 'ambiguous' | 'bad_password' | 'unreachable' | 'misconfigured' | 'disabled';

export type LdapOutcome =
  | { ok: true; dn: string; username: string; displayName: string | null; groups: string[]; role: Role | null }
  | { ok: false; reason: LdapFailure; message: string };

/** What the directory needs: the settings and the (write-only) bind password. */
export interface LdapSource {
  settings: LdapSettings;
  bindPassword: string | undefined;
}

const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]{0,63}|\d+(?:\.\d+)+)$/;

/** What is wrong with the settings, field by field (empty when they are usable). */
export function ldapSettingsProblems(s: LdapSettings): { field: string; problem: string }[] {
  const p: { field: string; problem: string }[] = [];
  if (s.url !== '' || s.enabled) {
    let u: URL | undefined;
    try {
      u = new URL(s.url);
    } catch {
      p.push({ field: 'url', problem: 'must be a URL like ldap://dc1.example.com:389 or ldaps://dc1.example.com:636' });
    }
    if (u && u.protocol !== 'ldap:' && u.protocol !== 'ldaps:') p.push({ field: 'url', problem: 'must start with ldap:// or ldaps://' });
    if (u && (u.pathname.replace(/^\/$/, '') !== '' || u.search !== ''))
      p.push({ field: 'url', problem: 'must hold only the scheme, host and port' });
    if (u && s.startTls && u.protocol === 'ldaps:')
      p.push({ field: 'startTls', problem: 'is for ldap:// URLs; ldaps:// is already encrypted' });
  }
  if (s.enabled && s.userBase.trim() === '')
    p.push({ field: 'userBase', problem: 'is needed to find users, e.g. ou=people,dc=example,dc=com' });
  if (!ATTRIBUTE.test(s.userAttribute))
    p.push({ field: 'userAttribute', problem: 'must be an attribute name such as uid or sAMAccountName' });
  if (!ATTRIBUTE.test(s.groupMemberAttribute))
    p.push({ field: 'groupMemberAttribute', problem: 'must be an attribute name such as member or memberUid' });
  if (s.userFilter.trim() !== '') {
    try {
      if (!s.userFilter.trim().startsWith('(')) throw new Error('no parenthesis');
      FilterParser.parseString(s.userFilter.trim());
    } catch {
      p.push({ field: 'userFilter', problem: 'must be an LDAP filter in parentheses, e.g. (objectClass=person)' });
    }
  }
  if (s.caCert.trim() !== '' && !s.caCert.includes('-----BEGIN CERTIFICATE-----')) {
    p.push({ field: 'caCert', problem: 'must be a PEM certificate (-----BEGIN CERTIFICATE-----…)' });
  }
  if (!Number.isInteger(s.timeoutMs) || s.timeoutMs < 500 || s.timeoutMs > 60_000)
    p.push({ field: 'timeoutMs', problem: 'must be 500–60000' });
  return p;
}

/** Lower-cased, spaces around separators removed; escaped commas kept inside their value. */
export function normaliseDn(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((rdn) =>
      rdn
        .split('=')
        .map((x) => x.trim())
        .join('='),
    )
    .join(',')
    .toLowerCase();
}

/** The value of a DN's first RDN (`cn=admins,ou=groups…` → `admins`). */
function firstValue(dn: string): string {
  const first = dn.split(/(?<!\\),/)[0] ?? '';
  return first
    .slice(first.indexOf('=') + 1)
    .trim()
    .toLowerCase();
}

/**
 * The strongest role the groups give. A mapping entry with `=` is a group DN; one without is a
 * group's cn. No matching group → null (the user may not sign in).
 */
export function roleForGroups(groups: readonly string[], mapping: LdapSettings['groupRoles']): Role | null {
  const dns = new Set(groups.map(normaliseDn));
  const cns = new Set(groups.map(firstValue));
  for (const role of [...ROLES].reverse()) {
    for (const entry of mapping[role] ?? []) {
      const e = entry.trim();
      if (e === '') continue;
      if (e.includes('=') ? dns.has(normaliseDn(e)) : cns.has(e.toLowerCase())) return role;
    }
  }
  return null;
}

function tlsOptions(s: LdapSettings): ConnectionOptions {
  return { rejectUnauthorized: s.tlsVerify, minVersion: 'TLSv1.2', ...(s.caCert.trim() ? { ca: s.caCert } : {}) };
}

async function connect(s: LdapSettings): Promise<Client> {
  // ldapts speaks TLS from the first byte whenever it is given TLS options: only for ldaps://.
  const ldaps = s.url.toLowerCase().startsWith('ldaps:');
  const client = new Client({
    url: s.url,
    timeout: s.timeoutMs,
    connectTimeout: s.timeoutMs,
    ...(ldaps ? { tlsOptions: tlsOptions(s) } : {}),
  });
  if (s.startTls) await client.startTLS(tlsOptions(s));
  return client;
}

const first = (v: unknown): string | undefined => {
  const x: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
  return typeof x === 'string' ? x : Buffer.isBuffer(x) ? x.toString('utf8') : undefined;
};
const all = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));

/** ldapts's messages for result codes are just "Code: 0x31": say what they mean. */
const RESULT_MEANING: Record<string, string> = {
  InvalidCredentialsError: 'invalid credentials: the DN or the password is wrong',
  NoSuchObjectError: 'no such entry: check the base DN',
  InsufficientAccessError: 'insufficient access: the account may not read that',
  ConfidentialityRequiredError: 'the server requires TLS: use ldaps:// or StartTLS',
  StrongAuthRequiredError: 'the server requires a stronger sign-in (TLS)',
  InvalidDNSyntaxError: 'a DN is malformed',
  UnwillingToPerformError: 'the server is unwilling to perform this',
  SizeLimitExceededError: 'too many entries match',
};

const describe = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err);
  return RESULT_MEANING[err.name] ?? RESULT_MEANING[err.constructor.name] ?? err.message.trim();
};

/**
 * Signs users in against an LDAP directory or Active Directory: bind as the service account,
 * find the user with an escaped filter, bind as the user with their password, read their groups
 * and map them to a role. Every call opens its own connections and closes them.
 */
export class LdapDirectory {
  constructor(private readonly source: () => LdapSource) {}

  async authenticate(username: string, password: string): Promise<LdapOutcome> {
    // An empty password is an "unauthenticated bind" that many servers accept: never send one.
    if (password === '') return { ok: false, reason: 'empty_password', message: 'Enter your password.' };
    const { settings } = this.source();
    if (!settings.enabled) return { ok: false, reason: 'disabled', message: 'Directory sign-in is turned off.' };
    return this.withService(async (svc) => {
      const found = await this.findUser(svc, settings, username);
      if (!found.ok) return found;
      const userClient = await connect(settings);
      try {
        await userClient.bind(found.dn, password);
      } catch (err) {
        if (err instanceof InvalidCredentialsError) return { ok: false, reason: 'bad_password', message: 'The password is wrong.' };
        throw err;
      } finally {
        await userClient.unbind().catch(() => undefined);
      }
      const groups = await this.groups(svc, settings, found.dn, found.username, found.memberOf);
      return {
        ok: true,
        dn: found.dn,
        username: found.username,
        displayName: found.displayName,
        groups,
        role: roleForGroups(groups, settings.groupRoles),
      };
    });
  }

  /** For the settings page: each step of a sign-in except the user's own bind, explained. */
  async test(username: string | undefined, override?: LdapSource): Promise<LdapTestResult> {
    const src = override ?? this.source();
    const s = src.settings;
    const steps: LdapTestResult['steps'] = [];
    const problems = ldapSettingsProblems({ ...s, enabled: true });
    if (problems.length) {
      steps.push({ step: 'settings', ok: false, message: problems.map((x) => `${x.field} ${x.problem}`).join('; ') });
      return { ok: false, steps };
    }
    let svc: Client | undefined;
    try {
      svc = await connect(s);
      if (s.bindDn) await svc.bind(s.bindDn, src.bindPassword ?? '');
      steps.push({ step: 'service bind', ok: true, message: s.bindDn ? `bound as ${s.bindDn}` : 'connected without a service account' });
      if (!username) return { ok: true, steps };
      const found = await this.findUser(svc, s, username);
      if (!found.ok) {
        steps.push({ step: 'user search', ok: false, message: found.message });
        return { ok: false, steps };
      }
      steps.push({ step: 'user search', ok: true, message: `found ${found.dn}` });
      const groups = await this.groups(svc, s, found.dn, found.username, found.memberOf);
      const role = roleForGroups(groups, s.groupRoles);
      steps.push({
        step: 'groups',
        ok: role !== null,
        message: role
          ? `${groups.length} group(s); role ${role}`
          : `${groups.length} group(s), none mapped to a role: this user could not sign in`,
      });
      return { ok: role !== null, steps, user: { dn: found.dn, groups, role } };
    } catch (err) {
      steps.push({ step: steps.length === 0 ? 'connect and bind' : 'search', ok: false, message: describe(err) });
      return { ok: false, steps };
    } finally {
      await svc?.unbind().catch(() => undefined);
    }
  }

  private async withService(fn: (svc: Client) => Promise<LdapOutcome>): Promise<LdapOutcome> {
    const { settings, bindPassword } = this.source();
    let svc: Client | undefined;
    try {
      svc = await connect(settings);
    } catch (err) {
      return { ok: false, reason: 'unreachable', message: `The directory at ${settings.url} could not be reached: ${describe(err)}` };
    }
    try {
      if (settings.bindDn) {
        try {
          await svc.bind(settings.bindDn, bindPassword ?? '');
        } catch (err) {
          if (err instanceof InvalidCredentialsError || bindPassword === undefined) {
            return {
              ok: false,
              reason: 'misconfigured',
              message: `The service account ${settings.bindDn} could not bind: ${describe(err)}`,
            };
          }
          throw err;
        }
      }
      return await fn(svc);
    } catch (err) {
      return { ok: false, reason: 'unreachable', message: `The directory failed: ${describe(err)}` };
    } finally {
      await svc.unbind().catch(() => undefined);
    }
  }

  private async findUser(
    svc: Client,
    s: LdapSettings,
    username: string,
  ): Promise<
    | { ok: true; dn: string; username: string; displayName: string | null; memberOf: string[] }
    | { ok: false; reason: LdapFailure; message: string }
  > {
    // A filter object, never a string built from the name: `*)(uid=*` is matched literally.
    const filters: Filter[] = [new EqualityFilter({ attribute: s.userAttribute, value: username })];
    if (s.userFilter.trim()) filters.push(FilterParser.parseString(s.userFilter.trim()));
    const filter = filters.length === 1 ? filters[0]! : new AndFilter({ filters });
    let searchEntries;
    try {
      ({ searchEntries } = await svc.search(s.userBase, {
        scope: 'sub',
        filter,
        attributes: [s.userAttribute, 'cn', 'displayName', 'memberOf'],
        sizeLimit: 2,
      }));
    } catch (err) {
      if (err instanceof SizeLimitExceededError)
        return { ok: false, reason: 'ambiguous', message: `More than one directory user matches "${username}".` };
      throw err;
    }
    if (searchEntries.length === 0) return { ok: false, reason: 'no_such_user', message: `No directory user "${username}".` };
    if (searchEntries.length > 1) return { ok: false, reason: 'ambiguous', message: `More than one directory user matches "${username}".` };
    const e = searchEntries[0]!;
    return {
      ok: true,
      dn: e.dn,
      username: first(e[s.userAttribute]) ?? username,
      displayName: first(e.displayName) ?? first(e.cn) ?? null,
      memberOf: all(e.memberOf),
    };
  }

  /** Groups from the user's `memberOf` and, when a group base is set, from a search for the user as a member. */
  private async groups(svc: Client, s: LdapSettings, dn: string, username: string, memberOf: string[]): Promise<string[]> {
    const groups = new Map(memberOf.map((g) => [normaliseDn(g), g]));
    if (s.groupBase.trim()) {
      const byName = s.groupMemberAttribute.toLowerCase() === 'memberuid';
      const { searchEntries } = await svc.search(s.groupBase, {
        scope: 'sub',
        filter: new EqualityFilter({ attribute: s.groupMemberAttribute, value: byName ? username : dn }),
        attributes: ['cn'],
      });
      for (const g of searchEntries) groups.set(normaliseDn(g.dn), g.dn);
    }
    return [...groups.values()];
  }
}
