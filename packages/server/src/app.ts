import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from './engine/engine.ts';
import { installErrorHandling } from './http/api-error.ts';
import { installAuth, type AuthHandle } from './auth/plugin.ts';
import { checkCreatePolicy, topicAllowed } from './auth/policy.ts';
import { AuthService, type AuthOptions } from './auth/service.ts';
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
import { layoutRoutes } from './http/routes/layouts.ts';
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
  /** Where the console keeps its files (accounts, audit, stack files); omitted → a new temporary folder. */
  dataDir?: string;
  /** Proxies whose X-Forwarded-For / -Proto are believed (addresses or CIDR ranges). */
  trustedProxies?: string[];
  /** Session timeouts, login throttling and the like. */
  auth?: AuthOptions;
}

export interface PhedsApp {
  app: FastifyInstance;
  engine: Engine;
  gateway: LiveGateway;
  terminals: TerminalManager;
  /** The `/api/logs` websocket's shared engine streams and its sockets. */
  logs: LogService;
  stacks: StackService;
  /** Accounts: sessions, tokens, the audit log, and the sockets tied to them. */
  auth: AuthHandle;
  /** The folder the console keeps its files in. */
  dataDir: string;
}

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
  const dataDir = cfg.dataDir ?? mkdtempSync(join(tmpdir(), 'phedds-data-'));
  // Opened first: a corrupt or unwritable data folder stops the start with a clear error.
  const authService = AuthService.open(dataDir, { log: (level, msg) => log[level](msg), ...cfg.auth });
  const engine = new Engine({ address: cfg.engineAddress, log: (level, msg) => log[level](msg) });
  const stacks = new StackService(engine, dataDir, (level, msg) => log[level](msg), checkCreatePolicy);
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

  // Before every other route: the guard (session, role, Origin), security headers, the audit.
  const auth = await installAuth(app, {
    auth: authService,
    allowedOrigins: allowed,
    ...(cfg.trustedProxies ? { trustedProxies: cfg.trustedProxies } : {}),
  });
  authService.startSweeper();

  await app.register(fastifyWebsocket, {
    options: { maxPayload: 64 * 1024, perMessageDeflate: false },
  });

  await app.register((scope, _opts, done) => {
    scope.get(
      '/api/live',
      {
        websocket: true,
      },
      (socket, req) => {
        const who = req.user!;
        auth.sockets.track(socket, who);
        gateway.accept(socket, (topic) => topicAllowed(who.role, topic));
      },
    );
    done();
  });

  healthRoutes(app, engine, version);
  containerRoutes(app, engine);
  networkRoutes(app, engine);
  volumeRoutes(app, engine);
  terminalRoutes(app, terminals, auth);
  statsRoutes(app, engine);
  const logs = logRoutes(app, engine, {
    allowedOrigins: allowed,
    version,
    track: (socket, req) => auth.sockets.track(socket, req.user!),
    ...(cfg.heartbeatMs ? { heartbeatMs: cfg.heartbeatMs } : {}),
  });
  containerDetailRoutes(app, engine);
  stackRoutes(app, stacks);
  layoutRoutes(app, auth);

  if (serveWeb) await app.register(fastifyStatic, { root: cfg.webRoot!, wildcard: false, index: ['index.html'] });

  // Before anything else closes: every shell and exec ends with the console, none is left behind.
  app.addHook('preClose', async () => {
    await terminals.close();
  });
  app.addHook('onClose', (_instance, done) => {
    gateway.close();
    engine.stop();
    authService.close();
    done();
  });
  return { app, engine, gateway, terminals, logs, stacks, auth, dataDir };
}
