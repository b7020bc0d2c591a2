import type { Role } from './account.ts';

/**
 * LDAP / Active Directory sign-in settings as the API shows them. The bind password is
 * write-only: `GET` says only whether one is set.
 */
export interface LdapSettings {
  enabled: boolean;
  /** `ldap://host:389` or `ldaps://host:636`. */
  url: string;
  /** Upgrade an `ldap://` connection with StartTLS before binding. */
  startTls: boolean;
  /** Check the server's certificate (leave on; off only for a lab). */
  tlsVerify: boolean;
  /** PEM of the CA that signed the server's certificate; empty → the system's CAs. */
  caCert: string;
  /** The service account the console binds as to find users, e.g. `cn=phedds,ou=services,dc=example,dc=com`. */
  bindDn: string;
  /** Where users are searched, e.g. `ou=people,dc=example,dc=com`. */
  userBase: string;
  /** The attribute holding the sign-in name: `uid` (OpenLDAP) or `sAMAccountName` (Active Directory). */
  userAttribute: string;
  /** An extra filter users must match, e.g. `(objectClass=person)`; empty for none. */
  userFilter: string;
  /** Where groups are searched; empty → only the user's `memberOf` attribute is read. */
  groupBase: string;
  /** The group attribute naming members: `member` / `uniqueMember` (a DN) or `memberUid` (a name). */
  groupMemberAttribute: string;
  /** Groups (DN, or just the cn) that give each role; the strongest role a user's groups give wins. */
  groupRoles: Record<Role, string[]>;
  /** Milliseconds to wait for the directory (connect and each operation). */
  timeoutMs: number;
}

export interface LdapSettingsView extends LdapSettings {
  /** Whether a bind password is stored (it is never shown). */
  bindPasswordSet: boolean;
}

/**
 * `PUT /api/settings/ldap`: the settings, plus `bindPassword` — omitted keeps the stored one, a
 * string replaces it, `null` removes it.
 */
export interface LdapSettingsUpdate extends LdapSettings {
  bindPassword?: string | null;
}

/** `POST /api/settings/ldap/test`: try the settings (as stored, or as given) and look a user up. */
export interface LdapTestRequest {
  settings?: LdapSettingsUpdate;
  /** A user to look up (no password needed): shows their DN, groups and the role they would get. */
  username?: string;
}

export interface LdapTestResult {
  ok: boolean;
  /** Each step and what happened, for a person. */
  steps: { step: string; ok: boolean; message: string }[];
  user?: { dn: string; groups: string[]; role: Role | null };
}

export const DEFAULT_LDAP_SETTINGS: LdapSettings = {
  enabled: false,
  url: '',
  startTls: false,
  tlsVerify: true,
  caCert: '',
  bindDn: '',
  userBase: '',
  userAttribute: 'uid',
  userFilter: '',
  groupBase: '',
  groupMemberAttribute: 'member',
  groupRoles: { admin: [], operator: [], viewer: [] },
  timeoutMs: 5000,
};
