import { DEFAULT_LDAP_SETTINGS, ROLES, type LdapSettings, type LdapSettingsUpdate, type LdapSettingsView, type Role } from '@phedds/shared';

/** The LDAP settings as the form edits them: group lists as text, the bind password write-only. */
export interface LdapForm extends Omit<LdapSettings, 'groupRoles'> {
  groups: Record<Role, string>;
  /** Typed by the admin; empty keeps the stored one. Never filled from the server. */
  bindPassword: string;
  /** Remove the stored bind password (anonymous search). */
  removePassword: boolean;
  /** Whether the server holds one (it never says which). */
  bindPasswordSet: boolean;
}

/** One group per line (DNs hold commas, so lines are the only separator). */
export function groupsFromText(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export function formFromView(v: LdapSettingsView): LdapForm {
  const { groupRoles, bindPasswordSet, ...rest } = v;
  return {
    ...DEFAULT_LDAP_SETTINGS,
    ...rest,
    groups: Object.fromEntries(ROLES.map((r) => [r, (groupRoles[r] ?? []).join('\n')])) as Record<Role, string>,
    bindPassword: '',
    removePassword: false,
    bindPasswordSet,
  };
}

/** The PUT body: `bindPassword` only when typed (a string) or removed (null); omitted keeps it. */
export function updateFromForm(f: LdapForm): LdapSettingsUpdate {
  const { groups, bindPassword, removePassword, ...rest } = f;
  const update: LdapSettingsUpdate & { bindPasswordSet?: boolean } = {
    ...rest,
    groupRoles: Object.fromEntries(ROLES.map((r) => [r, groupsFromText(groups[r])])) as Record<Role, string[]>,
  };
  // Read-only on the server: not part of an update.
  delete update.bindPasswordSet;
  if (removePassword) update.bindPassword = null;
  else if (bindPassword !== '') update.bindPassword = bindPassword;
  return update;
}

/** Examples for the two usual directories, to start from. */
export const LDAP_PRESETS: Record<'openldap' | 'ad', Partial<LdapSettings>> = {
  openldap: { userAttribute: 'uid', userFilter: '(objectClass=inetOrgPerson)', groupMemberAttribute: 'member' },
  ad: {
    userAttribute: 'sAMAccountName',
    userFilter: '(&(objectClass=user)(objectCategory=person))',
    groupMemberAttribute: 'member',
    groupBase: '',
  },
};
