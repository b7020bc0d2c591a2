import { ROLES, type LdapSettingsUpdate, type LdapTestRequest } from '@phedds/shared';
import type { FastifyInstance } from 'fastify';
import type { AuthHandle } from '../../auth/plugin.ts';

const groups = { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 1024 } } as const;

const ldapSettings = {
  type: 'object',
  additionalProperties: false,
  required: ['enabled', 'url', 'bindDn', 'userBase'],
  properties: {
    enabled: { type: 'boolean' },
    url: { type: 'string', maxLength: 1024 },
    startTls: { type: 'boolean' },
    tlsVerify: { type: 'boolean' },
    caCert: { type: 'string', maxLength: 65_536 },
    bindDn: { type: 'string', maxLength: 1024 },
    bindPassword: { type: ['string', 'null'], maxLength: 1024 },
    userBase: { type: 'string', maxLength: 1024 },
    userAttribute: { type: 'string', maxLength: 64 },
    userFilter: { type: 'string', maxLength: 1024 },
    groupBase: { type: 'string', maxLength: 1024 },
    groupMemberAttribute: { type: 'string', maxLength: 64 },
    groupRoles: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(ROLES.map((r) => [r, groups])),
    },
    timeoutMs: { type: 'integer', minimum: 500, maximum: 60_000 },
  },
} as const;

const testBody = {
  type: 'object',
  additionalProperties: false,
  properties: { settings: ldapSettings, username: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

/** LDAP settings (the bind password is write-only), a dry run of them, and a database backup. */
export function settingsRoutes(app: FastifyInstance, h: AuthHandle): void {
  app.get('/api/settings/ldap', () => h.auth.settings.ldapView());

  app.put<{ Body: LdapSettingsUpdate }>('/api/settings/ldap', { schema: { body: ldapSettings }, config: { selfAudited: true } }, (req) =>
    h.admin.putLdap(req.user!, req.body),
  );

  app.post<{ Body: LdapTestRequest | null }>(
    '/api/settings/ldap/test',
    { schema: { body: { ...testBody, type: ['object', 'null'] } } },
    async (req) => {
      const b = req.body ?? {};
      const source = b.settings ? h.auth.settings.ldapSourceFor(b.settings) : undefined;
      return h.auth.ldap.test(b.username, source);
    },
  );

  app.post('/api/admin/backup', { config: { selfAudited: true } }, async (req) => h.admin.backup(req.user!));
}
