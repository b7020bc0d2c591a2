import type { FastifyInstance } from 'fastify';
import { containerChanges, containerTop } from '../../engine/container-details.ts';
import type { Engine } from '../../engine/engine.ts';
import { EngineError } from '../../engine/errors.ts';
import { probe, probeHost, publishedPort } from './preview-probe.ts';

/** Container names and ids as the engine allows them (plus the id prefixes the CLI accepts). */
const REF = { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$' } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: REF } } as const;

/** Probes in flight at once, all clients together: a timer per presenter, never a fan-out. */
const MAX_PROBES = 8;
const PROBE_TIMEOUT_MS = 2000;

/**
 * The details panes' REST: `GET /api/containers/:id/top`, `/changes` and `/probe` (the web
 * preview's strip of answers). Inspect is `GET /api/containers/:id` (containers.ts).
 */
export function containerDetailRoutes(app: FastifyInstance, engine: Engine): void {
  app.get<{ Params: { id: string } }>('/api/containers/:id/top', { schema: { params: idParams } }, (req) =>
    containerTop(engine, req.params.id),
  );

  app.get<{ Params: { id: string } }>('/api/containers/:id/changes', { schema: { params: idParams } }, (req) =>
    containerChanges(engine, req.params.id),
  );

  let inFlight = 0;
  app.get<{ Params: { id: string }; Querystring: { port: number; path?: string } }>(
    '/api/containers/:id/probe',
    {
      schema: {
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['port'],
          properties: {
            port: { type: 'integer', minimum: 1, maximum: 65535 },
            // A path and query of plain URL characters: no scheme, host or fragment can be smuggled in.
            path: { type: 'string', maxLength: 200, pattern: "^/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*$" },
          },
        },
      },
    },
    async (req) => {
      const c = engine.containers.find(req.params.id);
      if (!c) {
        throw new EngineError(
          404,
          'not_found',
          `No container "${req.params.id}" on this engine. Check the name or id; it may have been removed.`,
          {
            container: req.params.id,
          },
        );
      }
      // The state first: a stopped container's ports can still be listed until its next inspect.
      if (c.state !== 'running') {
        throw new EngineError(409, 'not_running', `${c.name} is ${c.state}: nothing answers on its port. Start it first.`, {
          container: c.name,
          state: c.state,
        });
      }
      const { hostIp } = publishedPort(c, req.query.port);
      if (inFlight >= MAX_PROBES) {
        throw new EngineError(429, 'busy', 'Too many previews are being fetched at once; slow the preview timer down and retry.');
      }
      const host = probeHost(engine.address, hostIp);
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${req.query.port}${req.query.path ?? '/'}`;
      inFlight++;
      try {
        return await probe(url, PROBE_TIMEOUT_MS);
      } finally {
        inFlight--;
      }
    },
  );
}
