import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine/engine.ts';
import { connectContainer, createNetwork, inspectNetwork, removeNetwork, type NetworkSpec } from '../../engine/networks.ts';

/** Network names and ids as the engine allows them (plus the id prefixes the CLI accepts). */
const REF = { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$' } as const;
/** Container names and ids, as in the container routes. */
const CONTAINER_REF = REF;

/** Labels: string values, bounded so a request cannot grow the engine's metadata without limit. */
export const LABELS = {
  type: 'object',
  maxProperties: 64,
  propertyNames: { minLength: 1, maxLength: 256 },
  additionalProperties: { type: 'string', maxLength: 4096 },
} as const;

const CIDR = { type: 'string', pattern: '^([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]{2,39})/[0-9]{1,3}$' } as const;
const IP = { type: 'string', pattern: '^([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]{2,39})$' } as const;

const refParams = { type: 'object', required: ['id'], properties: { id: REF } } as const;

const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: REF,
    driver: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.:/-]{0,127}$' },
    internal: { type: 'boolean' },
    attachable: { type: 'boolean' },
    labels: LABELS,
    subnet: CIDR,
    gateway: IP,
  },
  dependencies: { gateway: ['subnet'] },
} as const;

const connectBody = {
  type: 'object',
  additionalProperties: false,
  required: ['container'],
  properties: {
    container: CONTAINER_REF,
    aliases: { type: 'array', maxItems: 16, items: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$' } },
  },
} as const;

const disconnectBody = {
  type: 'object',
  additionalProperties: false,
  required: ['container'],
  properties: { container: CONTAINER_REF, force: { type: 'boolean' } },
} as const;

export function networkRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/networks', () => ({ networks: engine.objects.networks.list() }));

  app.get<{ Params: { id: string } }>('/api/networks/:id', { schema: { params: refParams } }, (req) =>
    inspectNetwork(engine, req.params.id),
  );

  app.post<{ Body: NetworkSpec }>('/api/networks', { schema: { body: createBody } }, async (req, reply) => {
    const network = await createNetwork(engine, req.body);
    return reply.status(201).send({ ok: true, network });
  });

  app.delete<{ Params: { id: string } }>('/api/networks/:id', { schema: { params: refParams } }, async (req) => ({
    ok: true,
    id: await removeNetwork(engine, req.params.id),
  }));

  app.post<{ Params: { id: string }; Body: { container: string; aliases?: string[] } }>(
    '/api/networks/:id/connect',
    { schema: { params: refParams, body: connectBody } },
    async (req) => ({
      ok: true,
      ...(await connectContainer(engine, req.params.id, req.body.container, true, req.body.aliases ? { aliases: req.body.aliases } : {})),
    }),
  );

  app.post<{ Params: { id: string }; Body: { container: string; force?: boolean } }>(
    '/api/networks/:id/disconnect',
    { schema: { params: refParams, body: disconnectBody } },
    async (req) => ({
      ok: true,
      ...(await connectContainer(engine, req.params.id, req.body.container, false, { force: req.body.force ?? false })),
    }),
  );
}
