import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { Engine } from './engine/engine.ts';
import { installErrorHandling } from './http/api-error.ts';
import { originAllowed } from './http/origin.ts';
import { containerRoutes } from './http/routes/containers.ts';
import { healthRoutes } from './http/routes/health.ts';
import { networkRoutes } from './http/routes/networks.ts';
import { volumeRoutes } from './http/routes/volumes.ts';
import { terminalRoutes } from './http/routes/terminals.ts';
import { statsRoutes } from './http/routes/stats.ts';
import { logRoutes, type LogService } from './http/routes/logs.ts';
import { containerDetailRoutes } from './http/routes/container-details.ts';
import { engineChannels } from './live/channels.ts';
import { stackRoutes } from './http/routes/stacks.ts';
import { stacksChannel } from './stacks/live.ts';
import { StackService } from './stacks/service.ts';
import { LiveGateway } from './live/gateway.ts';
import { TerminalManager } from './terminal/manager.ts';

export interface AppConfig {
  engineAddress: string;
  /** Built web app to serve; omitted or missing → API only. */
  webRoot?: string;
  /** Extra origins allowed on websocket upgrades and state-changing requests. */
  allowedOrigins?: string[];
  version?: string;
  logger?: boolean;
  heartbeatMs?: number;
  /** Whether POST /api/terminals may open a shell on this host (default true; --no-host-shell). */
  hostShell?: boolean;
  /** Terminal sessions open at once (default 16). */
  maxTerminals?: number;
  /** How long a terminal without a socket lives on (default TERMINAL_DETACH_GRACE_MS). */
  terminalGraceMs?: number;
  /** Where the console keeps its files (stack files, versioned); omitted → a temporary folder. */
  dataDir?: string;
}

export interface PhedsApp {
  app: FastifyInstance;
  engine: Engine;
  gateway: LiveGateway;
  terminals: TerminalManager;
  /** The `/api/logs` websocket's shared engine streams and its sockets. */
  logs: LogService;
  stacks: StackService;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  // The Web preview pane frames a container's published port (another origin); the frame is
  // always sandboxed without same-origin rights and loaded credentialless (see docs/panes.md).
  'frame-src http: https:',
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Builds the console: engine, live gateway, REST and the web app. Call `engine.start()` to connect. */
export async function buildApp(cfg: AppConfig): Promise<PhedsApp> {
  const version = cfg.version ?? '0.1.0';
  const app = Fastify({
    logger: cfg.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Unknown fields are refused, never silently dropped: a typo must not half-apply a request.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  const log = app.log;
  const engine = new Engine({ address: cfg.engineAddress, log: (level, msg) => log[level](msg) });
  const stacks = new StackService(engine, cfg.dataDir, (level, msg) => log[level](msg));
  const gateway = new LiveGateway(engineChannels(engine, stacksChannel(stacks)), {
    version,
    ...(cfg.heartbeatMs ? { heartbeatMs: cfg.heartbeatMs } : {}),
  });
  const allowed = cfg.allowedOrigins ?? [];
  const terminals = new TerminalManager(
    engine,
    TerminalManager.defaults({
      ...(cfg.hostShell !== undefined ? { hostShell: cfg.hostShell } : {}),
      ...(cfg.maxTerminals !== undefined ? { maxSessions: cfg.maxTerminals } : {}),
      ...(cfg.terminalGraceMs !== undefined ? { graceMs: cfg.terminalGraceMs } : {}),
      ...(cfg.heartbeatMs ? { heartbeatMs: cfg.heartbeatMs } : {}),
      log: (level, msg) => log[level](msg),
    }),
  );

  const serveWeb = cfg.webRoot !== undefined && existsSync(cfg.webRoot);
  installErrorHandling(app, serveWeb);
  // An empty body with a JSON content type is a plain "no options" request, not an error.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, null);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_BAD_JSON' }), undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Frame-Options', 'DENY');
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      const o = originAllowed(req.headers, allowed);
      if (!o.ok)
        return reply
          .status(403)
          .send({ error: 'forbidden_origin', message: `${o.reason}. Requests that change state must come from the console's own page.` });
    }
  });

  await app.register(fastifyWebsocket, {
    options: { maxPayload: 64 * 1024, perMessageDeflate: false },
  });

  await app.register((scope, _opts, done) => {
    scope.get(
      '/api/live',
      {
        websocket: true,
        preValidation: async (req, reply) => {
          const o = originAllowed(req.headers, allowed);
          if (!o.ok) return reply.status(403).send({ error: 'forbidden_origin', message: o.reason });
        },
      },
      (socket) => gateway.accept(socket),
    );
    done();
  });

  healthRoutes(app, engine, version);
  containerRoutes(app, engine);
  networkRoutes(app, engine);
  volumeRoutes(app, engine);
  terminalRoutes(app, terminals, allowed);
  statsRoutes(app, engine);
  const logs = logRoutes(app, engine, { allowedOrigins: allowed, version, ...(cfg.heartbeatMs ? { heartbeatMs: cfg.heartbeatMs } : {}) });
  containerDetailRoutes(app, engine);
  stackRoutes(app, stacks);

  if (serveWeb) await app.register(fastifyStatic, { root: cfg.webRoot!, wildcard: false, index: ['index.html'] });

  // Before anything else closes: every shell and exec ends with the console, none is left behind.
  app.addHook('preClose', async () => {
    await terminals.close();
  });
  app.addHook('onClose', (_instance, done) => {
    gateway.close();
    engine.stop();
    done();
  });
  return { app, engine, gateway, terminals, logs, stacks };
}
