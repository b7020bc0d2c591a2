import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine/engine.ts';

export function healthRoutes(app: FastifyInstance, engine: Engine, version: string): void {
  // 200 as long as the console itself runs; the engine's state is in the body.
  app.get('/api/health', () => ({ status: 'ok', version, engine: engine.status }));
}
