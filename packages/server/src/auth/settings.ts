import { DEFAULT_LDAP_SETTINGS, type LdapSettings, type LdapSettingsUpdate, type LdapSettingsView, type Role } from '@phedds/shared';
import type Database from 'better-sqlite3';
import type { SecretBox } from '../store/secrets.ts';
import type { LdapSource } from './ldap.ts';

const LDAP_KEY = 'ldap';
const LDAP_PASSWORD_KEY = 'ldap.bindPassword';

/** Only the known fields, each of the right type, so stray input never reaches the stored settings. */
export function cleanLdapSettings(v: Partial<LdapSettings>): LdapSettings {
  const d = DEFAULT_LDAP_SETTINGS;
  const str = (x: unknown, dflt: string): string => (typeof x === 'string' ? x : dflt);
  const roles = (v.groupRoles ?? {}) as Partial<Record<Role, unknown>>;
  const list = (x: unknown): string[] =>
    Array.isArray(x)
      ? x
          .filter((g): g is string => typeof g === 'string')
          .map((g) => g.trim())
          .filter(Boolean)
      : [];
  return {
    enabled: typeof v.enabled === 'boolean' ? v.enabled : d.enabled,
    url: str(v.url, d.url).trim(),
    startTls: typeof v.startTls === 'boolean' ? v.startTls : d.startTls,
    tlsVerify: typeof v.tlsVerify === 'boolean' ? v.tlsVerify : d.tlsVerify,
    caCert: str(v.caCert, d.caCert),
    bindDn: str(v.bindDn, d.bindDn).trim(),
    userBase: str(v.userBase, d.userBase).trim(),
    userAttribute: str(v.userAttribute, d.userAttribute).trim(),
    userFilter: str(v.userFilter, d.userFilter).trim(),
    groupBase: str(v.groupBase, d.groupBase).trim(),
    groupMemberAttribute: str(v.groupMemberAttribute, d.groupMemberAttribute).trim(),
    groupRoles: { admin: list(roles.admin), operator: list(roles.operator), viewer: list(roles.viewer) },
    timeoutMs: typeof v.timeoutMs === 'number' ? v.timeoutMs : d.timeoutMs,
  };
}

/** Console settings kept in the database; secrets among them are sealed and write-only. */
export class SettingsStore {
  constructor(
    private readonly db: Database.Database,
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  private read(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  }

  private write(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
    else
      this.db
        .prepare(
          'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        )
        .run(key, value, this.now());
  }

  ldap(): LdapSettings {
    const raw = this.read(LDAP_KEY);
    return cleanLdapSettings(raw ? (JSON.parse(raw) as Partial<LdapSettings>) : {});
  }

  /** What the API shows: the settings and whether a bind password is set, never the password. */
  ldapView(): LdapSettingsView {
    return { ...this.ldap(), bindPasswordSet: this.read(LDAP_PASSWORD_KEY) !== undefined };
  }

  /** The bind password; undefined when none is set or it was sealed with another key. */
  ldapBindPassword(): string | undefined {
    const sealed = this.read(LDAP_PASSWORD_KEY);
    return sealed === undefined ? undefined : this.box.open(sealed);
  }

  ldapSource(): LdapSource {
    return { settings: this.ldap(), bindPassword: this.ldapBindPassword() };
  }

  /** Stores the settings; `bindPassword` omitted keeps the stored one, null removes it. Call after validating. */
  putLdap(update: LdapSettingsUpdate): void {
    const { bindPassword, ...rest } = update;
    this.db.transaction(() => {
      this.write(LDAP_KEY, JSON.stringify(cleanLdapSettings(rest)));
      if (bindPassword === null) this.write(LDAP_PASSWORD_KEY, null);
      else if (typeof bindPassword === 'string') this.write(LDAP_PASSWORD_KEY, this.box.seal(bindPassword));
    })();
  }

  /** The settings an update would give, with the stored password when it keeps it (for testing before saving). */
  ldapSourceFor(update: LdapSettingsUpdate): LdapSource {
    const { bindPassword, ...rest } = update;
    return {
      settings: cleanLdapSettings(rest),
      bindPassword: bindPassword === undefined ? this.ldapBindPassword() : (bindPassword ?? undefined),
    };
  }
}
