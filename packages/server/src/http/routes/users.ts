import { ROLES, USERNAME_PATTERN, type UserCreateRequest, type UserUpdateRequest } from '@phedds/shared';
import type { FastifyInstance } from 'fastify';
import type { AuthHandle } from '../../auth/plugin.ts';

const role = { type: 'string', enum: [...ROLES] } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

const createBody = {
  type: 'object',
  required: ['username', 'password', 'role'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', pattern: USERNAME_PATTERN },
    password: { type: 'string', maxLength: 1024 },
    role,
    displayName: { type: 'string', maxLength: 128 },
  },
} as const;

const updateBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    role,
    disabled: { type: 'boolean' },
    displayName: { type: ['string', 'null'], maxLength: 128 },
    password: { type: 'string', maxLength: 1024 },
  },
} as const;

const selfAudited = { selfAudited: true };

/** Admins manage accounts (the policy keeps everyone else out of these routes). */
export function userRoutes(app: FastifyInstance, h: AuthHandle): void {
  app.get('/api/users', () => ({ users: h.admin.listUsers() }));

  app.post<{ Body: UserCreateRequest }>('/api/users', { schema: { body: createBody }, config: selfAudited }, async (req, reply) => {
    const user = await h.admin.createUser(req.user!, req.body);
    return reply.status(201).send({ user });
  });

  app.patch<{ Params: { id: number }; Body: UserUpdateRequest }>(
    '/api/users/:id',
    { schema: { params: idParams, body: updateBody }, config: selfAudited },
    async (req) => ({ user: await h.admin.updateUser(req.user!, req.params.id, req.body) }),
  );

  app.delete<{ Params: { id: number } }>('/api/users/:id', { schema: { params: idParams }, config: selfAudited }, (req) => {
    h.admin.deleteUser(req.user!, req.params.id);
    return { ok: true };
  });
}
