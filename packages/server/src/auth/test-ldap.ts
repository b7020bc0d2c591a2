import { DEFAULT_LDAP_SETTINGS, type LdapSettings } from '@phedds/shared';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './testing.ts';

const run = promisify(execFile);
const scripts = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../scripts');

/** A private slapd started by scripts/ldap-up.sh (which installs slapd first when it is missing). */
export interface TestLdap {
  url: string;
  ldapsUrl: string;
  base: string;
  bindDn: string;
  bindPassword: string;
  caFile: string;
  /** Settings that work against it: group search on, the three test groups mapped to the roles. */
  settings(extra?: Partial<LdapSettings>): LdapSettings;
  /** Applies LDIF changes as the directory's own admin (`ldapmodify`). */
  modify(ldif: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestLdap(): Promise<TestLdap> {
  const dir = mkdtempSync(join(tmpdir(), 'phedds-ldap-test-'));
  const env = {
    ...process.env,
    PHEDDS_LDAP_DIR: dir,
    PHEDDS_LDAP_PORT: String(await freePort()),
    PHEDDS_LDAPS_PORT: String(await freePort()),
  };
  const { stdout } = await run('bash', [join(scripts, 'ldap-up.sh')], { env, maxBuffer: 16 << 20 });
  const vars = Object.fromEntries(
    stdout
      .split('\n')
      .filter((l) => /^LDAP[A-Z_]*=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  ) as Record<string, string>;
  const need = (k: string): string => {
    const v = vars[k];
    if (!v) throw new Error(`scripts/ldap-up.sh printed no ${k}; its output was:\n${stdout}`);
    return v;
  };
  const base = need('LDAP_BASE');
  const url = need('LDAP_URL');
  const rootDn = need('LDAP_ROOT_DN');
  const rootPassword = need('LDAP_ROOT_PASSWORD');
  return {
    url,
    ldapsUrl: need('LDAPS_URL'),
    base,
    bindDn: need('LDAP_BIND_DN'),
    bindPassword: need('LDAP_BIND_PASSWORD'),
    caFile: need('LDAP_CA_FILE'),
    settings: (extra = {}) => ({
      ...DEFAULT_LDAP_SETTINGS,
      enabled: true,
      url,
      bindDn: need('LDAP_BIND_DN'),
      userBase: `ou=people,${base}`,
      userAttribute: 'uid',
      userFilter: '(objectClass=inetOrgPerson)',
      groupBase: `ou=groups,${base}`,
      groupMemberAttribute: 'member',
      groupRoles: { admin: [`cn=phedds-admins,ou=groups,${base}`], operator: ['phedds-operators'], viewer: ['phedds-viewers'] },
      timeoutMs: 3000,
      ...extra,
    }),
    modify: (ldif) =>
      new Promise<void>((res, rej) => {
        const p = execFile('ldapmodify', ['-x', '-H', url, '-D', rootDn, '-w', rootPassword], (err) =>
          err ? rej(new Error(`ldapmodify failed: ${err.message}`)) : res(),
        );
        p.stdin!.end(ldif);
      }),
    stop: async () => {
      await run('bash', [join(scripts, 'ldap-down.sh')], { env });
    },
  };
}
