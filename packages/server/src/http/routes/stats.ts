import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine/engine.ts';
import { EngineError } from '../../engine/errors.ts';
import { containerHistory } from '../../engine/stats/snapshot.ts';

/** Container names and ids as the engine allows them (plus the id prefixes the CLI accepts). */
const REF = { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$' } as const;

/**
 * `GET /api/containers/:id/stats?seconds=N`: one container's kept history (up to 15 minutes at
 * one sample a second), for the Resources pane's focus view. The live topic carries only a
 * bounded recent history per container; this is where the rest comes from.
 */
export function statsRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Params: { id: string }; Querystring: { seconds?: number } }>(
    '/api/containers/:id/stats',
    {
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: REF } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { seconds: { type: 'integer', minimum: 1, maximum: 900 } },
        },
      },
    },
    (req) => {
      const c = engine.containers.find(req.params.id);
      if (!c) {
        throw new EngineError(
          404,
          'not_found',
          `No container "${req.params.id}" on this engine. Check the name or id; it may have been removed.`,
          { container: req.params.id },
        );
      }
      return containerHistory(engine.stats, c.id, req.query.seconds ?? 900);
    },
  );
}
