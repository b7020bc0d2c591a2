import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine/engine.ts';
import { createVolume, inspectVolume, removeVolume, type VolumeSpec } from '../../engine/volumes.ts';
import { LABELS } from './networks.ts';

/** Volume names as the engine allows them: two characters at least. */
const NAME = { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}$' } as const;

const nameParams = { type: 'object', required: ['name'], properties: { name: NAME } } as const;

const createBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    name: NAME,
    driver: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.:/-]{0,127}$' },
    labels: LABELS,
    driverOptions: { ...LABELS, maxProperties: 32 },
  },
} as const;

export function volumeRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/volumes', () => ({ volumes: engine.objects.volumes.list() }));

  app.get<{ Params: { name: string } }>('/api/volumes/:name', { schema: { params: nameParams } }, (req) =>
    inspectVolume(engine, req.params.name),
  );

  app.post<{ Body: VolumeSpec | null }>('/api/volumes', { schema: { body: createBody } }, async (req, reply) => {
    const volume = await createVolume(engine, req.body ?? {});
    return reply.status(201).send({ ok: true, volume });
  });

  app.delete<{ Params: { name: string }; Querystring: { force?: boolean } }>(
    '/api/volumes/:name',
    {
      schema: {
        params: nameParams,
        querystring: { type: 'object', additionalProperties: false, properties: { force: { type: 'boolean' } } },
      },
    },
    async (req) => ({ ok: true, name: await removeVolume(engine, req.params.name, { force: req.query.force ?? false }) }),
  );
}
