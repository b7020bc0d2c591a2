import { CONTAINER_ACTIONS, type ContainerAction } from '@phedds/shared';
import type { FastifyInstance } from 'fastify';
import { containerAction, inspectContainer, removeContainer } from '../../engine/containers.ts';
import type { Engine } from '../../engine/engine.ts';

/** Container names and ids as the engine allows them (plus the id prefixes the CLI accepts). */
const REF = { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$' } as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: REF },
} as const;

const actionBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    timeout: { type: 'integer', minimum: 0, maximum: 3600 },
    signal: { type: 'string', pattern: '^(SIG)?[A-Z0-9]{2,12}$|^[0-9]{1,2}$' },
  },
} as const;

export function containerRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/containers', () => ({ containers: engine.containers.list() }));

  app.get<{ Params: { id: string } }>('/api/containers/:id', { schema: { params: idParams } }, async (req) => {
    const inspect = await inspectContainer(engine, req.params.id);
    return { container: engine.containers.find(req.params.id), inspect };
  });

  app.post<{ Params: { id: string; action: ContainerAction }; Body: { timeout?: number; signal?: string } | null }>(
    '/api/containers/:id/:action',
    {
      schema: {
        params: {
          type: 'object',
          required: ['id', 'action'],
          properties: { id: REF, action: { type: 'string', enum: [...CONTAINER_ACTIONS] } },
        },
        body: actionBody,
      },
    },
    async (req) => {
      const id = await containerAction(engine, req.params.id, req.params.action, req.body ?? {});
      return { ok: true, container: engine.containers.get(id) ?? null };
    },
  );

  app.delete<{ Params: { id: string }; Querystring: { force?: boolean; volumes?: boolean } }>(
    '/api/containers/:id',
    {
      schema: {
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { force: { type: 'boolean' }, volumes: { type: 'boolean' } },
        },
      },
    },
    async (req) => {
      const id = await removeContainer(engine, req.params.id, { force: req.query.force ?? false, volumes: req.query.volumes ?? false });
      return { ok: true, id };
    },
  );
}
