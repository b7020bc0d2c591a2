import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { installErrorHandling } from '../http/api-error.ts';
import { installAuth, type AuthHandle, type AuthPluginOptions } from './plugin.ts';
import { AuthService, type AuthOptions } from './service.ts';

/**
 * A small console for the auth tests: the auth plugin, the real error handling, and stand-ins for
 * the routes phase two protects (container reads and actions, a terminal socket, the live socket).
 * No engine is needed.
 */
export interface AuthTestApp {
  app: FastifyInstance;
  handle: AuthHandle;
  auth: AuthService;
  base: string;
  wsBase: string;
  /** Everything the server logged, one JSON line each. */
  logs: string[];
  /** Container actions the stand-in route performed. */
  actions: string[];
  close(): Promise<void>;
}

export async function startAuthTestApp(
  opts: { auth?: AuthOptions; plugin?: Omit<AuthPluginOptions, 'auth'>; dataDir?: string } = {},
): Promise<AuthTestApp> {
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'phedds-auth-app-'));
  const auth = AuthService.open(dir, opts.auth);
  const logs: string[] = [];
  const actions: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const app = Fastify({ logger: { level: 'info', stream }, ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array' } } });
  installErrorHandling(app, false);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, null);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_BAD_JSON' }), undefined);
    }
  });
  const handle = await installAuth(app, { auth, ...opts.plugin });
  await app.register(fastifyWebsocket, { options: { perMessageDeflate: false } });

  app.get('/api/health', () => ({ status: 'ok' }));
  app.get('/api/containers', () => ({ containers: [] }));
  app.post<{ Params: { id: string; action: string } }>('/api/containers/:id/:action', (req) => {
    actions.push(`${req.params.action} ${req.params.id}`);
    return { ok: true };
  });
  app.post('/api/terminals', () => ({ id: 'stand-in' }));
  // A route nobody gave a rule: it must be refused to everyone.
  app.post('/api/unlisted', () => ({ ok: true }));
  await app.register((scope, _o, done) => {
    const echo = (path: string) =>
      scope.get(path, { websocket: true }, (socket, req) => {
        handle.sockets.track(socket, req.user!);
        socket.send(JSON.stringify({ hello: req.user!.user.username, role: req.user!.role }));
        socket.on('message', (m: Buffer) => socket.send(m.toString()));
      });
    echo('/api/live');
    echo('/api/terminals/:id/attach');
    done();
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  return {
    app,
    handle,
    auth,
    base: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    logs,
    actions,
    async close() {
      await app.close();
      auth.close();
      if (!opts.dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  json: T;
  headers: Headers;
  /** The session cookie this answer set (`name=value`), if any. */
  cookie: string | undefined;
  setCookie: string[];
}

/** One HTTP call; `cookie` and `origin` as a browser would send them. */
export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; cookie?: string; origin?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  const res = await fetch(base + path, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  const setCookie = res.headers.getSetCookie();
  const session = setCookie.find((c) => /phedds_session=[^;]+/.test(c) && !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c));
  return {
    status: res.status,
    json: (text ? JSON.parse(text) : null) as T,
    headers: res.headers,
    cookie: session?.split(';')[0],
    setCookie,
  };
}

/** Opens a websocket; resolves with it once open, rejects with the HTTP status of a refused upgrade. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; first: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const first = new Promise<string>((r) => ws.once('message', (m: Buffer) => r(m.toString())));
    ws.once('open', () => resolve({ ws, first }));
    ws.once('unexpected-response', (req, res) => {
      // With this listener ws leaves the refused request open: end it, or the server waits for it at close.
      req.destroy();
      reject(new Error(`upgrade refused with HTTP ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((r) => {
    if (ws.readyState === WebSocket.CLOSED) r({ code: -1, reason: 'already closed' });
    ws.once('close', (code, reason) => r({ code, reason: reason.toString() }));
  });
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
