import { AUDIT_RESULTS, type AuditQuery } from '@phedds/shared';
import type { FastifyInstance } from 'fastify';
import type { AuthHandle } from '../../auth/plugin.ts';

const query = {
  type: 'object',
  additionalProperties: false,
  properties: {
    actor: { type: 'string', maxLength: 256 },
    action: { type: 'string', maxLength: 100 },
    result: { type: 'string', enum: [...AUDIT_RESULTS] },
    address: { type: 'string', maxLength: 100 },
    q: { type: 'string', maxLength: 200 },
    since: { type: 'integer', minimum: 0 },
    until: { type: 'integer', minimum: 0 },
    before: { type: 'integer', minimum: 1 },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
  },
} as const;

/** The audit log, read-only: there is no route that changes or deletes a record. */
export function auditRoutes(app: FastifyInstance, h: AuthHandle): void {
  app.get<{ Querystring: AuditQuery }>('/api/audit', { schema: { querystring: query } }, (req) => h.auth.audit.query(req.query));
}
