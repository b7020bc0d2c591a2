import type { LogLimits } from '@phedds/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Engine } from '../../engine/engine.ts';
import { DEFAULT_HUB_LIMITS, engineLogSource, LogHub, type LogHubLimits } from '../../live/log-hub.ts';
import { DEFAULT_SESSION_LIMITS, LogSession, type LogSessionLimits } from '../../live/log-session.ts';
import { originAllowed } from '../origin.ts';

export interface LogRouteOptions {
  allowedOrigins: readonly string[];
  version: string;
  heartbeatMs?: number;
  hub?: Partial<LogHubLimits>;
  session?: Partial<LogSessionLimits>;
  /** Registers an upgraded socket with its caller, so it closes when their credentials end. */
  track?: (socket: WebSocket, req: FastifyRequest) => void;
}

/** The logs service behind `/api/logs`, kept for tests and diagnostics. */
export interface LogService {
  hub: LogHub;
  /** Every open logs socket's session. */
  sessions: ReadonlySet<LogSession>;
}

/**
 * `GET /api/logs` (websocket): live logs of the containers the client names (see
 * packages/shared/src/protocol/logs.ts). Its own socket rather than a topic of `/api/live`:
 * logs are keyed by container and lossy by design (rate budget, gap markers), where live topics
 * are whole states that resync with a snapshot.
 */
export function logRoutes(app: FastifyInstance, engine: Engine, opts: LogRouteOptions): LogService {
  const hubLimits = { ...DEFAULT_HUB_LIMITS, ...opts.hub };
  const sessionLimits = { ...DEFAULT_SESSION_LIMITS, ...opts.session };
  const hub = new LogHub(engineLogSource(engine), hubLimits);
  const sessions = new Set<LogSession>();
  const limits: LogLimits = {
    maxContainers: sessionLimits.maxContainers,
    maxHistory: hubLimits.historyLines,
    maxLineBytes: hubLimits.maxLineBytes,
    bytesPerSecond: sessionLimits.bytesPerSecond,
  };
  const heartbeatMs = opts.heartbeatMs ?? 30_000;

  app.register((scope, _o, done) => {
    scope.get(
      '/api/logs',
      {
        websocket: true,
        // Checked before the upgrade, like /api/live: another site's page must not read logs.
        preValidation: async (req, reply) => {
          const o = originAllowed(req.headers, opts.allowedOrigins);
          if (!o.ok) return reply.status(403).send({ error: 'forbidden_origin', message: o.reason });
        },
      },
      (socket: WebSocket, req) => {
        opts.track?.(socket, req);
        const session = new LogSession(socket, hub, sessionLimits, { version: opts.version, limits });
        sessions.add(session);
        let alive = true;
        const beat = setInterval(() => {
          // Two silent periods: the peer is gone without a close (laptop lid, cut cable).
          if (!alive) {
            socket.terminate();
            return;
          }
          alive = false;
          socket.ping();
        }, heartbeatMs);
        beat.unref();
        const end = (): void => {
          clearInterval(beat);
          if (!sessions.delete(session)) return;
          session.close();
        };
        socket.on('message', (raw, isBinary) => {
          alive = true;
          if (isBinary) {
            socket.send(
              JSON.stringify({ op: 'error', error: 'bad_message', message: 'binary frames are not part of this protocol; send JSON text' }),
            );
            return;
          }
          const text = Buffer.isBuffer(raw)
            ? raw.toString('utf8')
            : Buffer.concat(Array.isArray(raw) ? raw : [Buffer.from(raw)]).toString('utf8');
          session.receive(text);
        });
        socket.on('pong', () => (alive = true));
        socket.on('close', end);
        socket.on('error', end);
      },
    );
    done();
  });

  app.addHook('onClose', (_instance, done) => {
    for (const s of sessions) s.close();
    sessions.clear();
    hub.close();
    done();
  });
  return { hub, sessions };
}
