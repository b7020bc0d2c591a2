import { ROLES, type TokenCreateRequest } from '@phedds/shared';
import type { FastifyInstance } from 'fastify';
import type { AuthHandle } from '../../auth/plugin.ts';

const createBody = {
  type: 'object',
  required: ['name', 'role'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 64, pattern: '\\S' },
    role: { type: 'string', enum: [...ROLES] },
    expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 },
  },
} as const;

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const selfAudited = { selfAudited: true };

/** API tokens: everyone manages their own; admins may list and revoke anyone's. */
export function tokenRoutes(app: FastifyInstance, h: AuthHandle): void {
  app.get<{ Querystring: { all?: boolean } }>(
    '/api/tokens',
    { schema: { querystring: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean' } } } } },
    (req) => ({ tokens: h.admin.listTokens(req.user!, req.query.all ?? false) }),
  );

  app.post<{ Body: TokenCreateRequest }>('/api/tokens', { schema: { body: createBody }, config: selfAudited }, (req, reply) => {
    // The token itself appears in this one answer and nowhere else: no cache may keep it.
    void reply.header('Cache-Control', 'no-store');
    return reply.status(201).send(h.admin.createToken(req.user!, req.body));
  });

  app.delete<{ Params: { id: number } }>('/api/tokens/:id', { schema: { params: idParams }, config: selfAudited }, (req) => ({
    ok: true,
    token: h.admin.revokeToken(req.user!, req.params.id),
  }));
}
