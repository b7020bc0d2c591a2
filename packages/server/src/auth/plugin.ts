import fastifyCookie from '@fastify/cookie';
import type { ApiError } from '@phedds/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { originAllowed } from '../http/origin.ts';
import { accountRoutes } from '../http/routes/auth.ts';
import { auditRoutes } from '../http/routes/audit.ts';
import { settingsRoutes } from '../http/routes/settings.ts';
import { shareRoutes } from '../http/routes/shares.ts';
import { tokenRoutes } from '../http/routes/tokens.ts';
import { userRoutes } from '../http/routes/users.ts';
import { AccountAdmin } from './admin.ts';
import { clientAddress, isSecure, TrustedProxies } from './client-address.ts';
import { authorize, ruleFor, type Decision } from './policy.ts';
import { SocketRegistry, type Principal } from './revocations.ts';
import type { AuthService } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, once the auth guard ran; null when nobody is signed in. */
    user: Principal | null;
    /** The client's address, trusted-proxy aware. */
    clientAddress: string;
  }
  interface FastifyContextConfig {
    /** The route writes its own audit records; the automatic record of changes skips it. */
    selfAudited?: boolean;
  }
}

export interface AuthPluginOptions {
  auth: AuthService;
  /** Origins besides the console's own allowed on upgrades and state-changing requests. */
  allowedOrigins?: readonly string[];
  /** Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or CIDR ranges). */
  trustedProxies?: readonly string[];
  /** Record every state-changing request in the audit log (default true). */
  auditChanges?: boolean;
}

/** What phase-two code and tests hold after `installAuth`. */
export interface AuthHandle {
  auth: AuthService;
  admin: AccountAdmin;
  /** Upgraded sockets register here; they close when their credentials are revoked. */
  sockets: SocketRegistry;
  trusted: TrustedProxies;
  /** Every registered route with no access rule (they are refused to everyone). */
  routesWithoutRule(): string[];
  /** Every registered route, `METHOD /path`. */
  routes(): string[];
  setSessionCookie(req: FastifyRequest, reply: FastifyReply, secret: string): void;
  clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void;
  /** The audience cookie of a redeemed share link, until the link expires. */
  setShareCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: number): void;
}

export const SESSION_COOKIE = 'phedds_session';
/** On TLS the `__Host-` prefix makes browsers refuse the cookie unless Secure, Path=/ and host-only. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
/** An audience member's cookie: the read-only token of the share link they opened. */
export const SHARE_COOKIE = 'phedds_share';

/**
 * What an audience member may call besides reads open to viewers: who they are, and leaving.
 * Everything else is refused to them, reads of someone's own things (tokens, layouts) included:
 * the token behind a share belongs to the admin who made it.
 */
const AUDIENCE_EXTRA = new Set(['GET /api/auth/me', 'POST /api/auth/logout']);
const AUDIENCE_HIDDEN = /^\/api\/(layouts|tokens|shares)(\/|$)/;

export const CSP = [
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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function send(reply: FastifyReply, status: number, body: ApiError): FastifyReply {
  return reply.status(status).send(body);
}

/** `POST /api/containers/:id/:action` with action=stop → `container.stop`; `DELETE /api/users/:id` → `user.delete`. */
export function actionName(method: string, route: string, params: Record<string, unknown>): string {
  const segs = route.split('/').filter(Boolean).slice(1);
  const resource = (segs[0] ?? 'request').replace(/ies$/, 'y').replace(/s$/, '');
  const literal = segs
    .slice(1)
    .filter((s) => !s.startsWith(':'))
    .at(-1);
  const verb =
    literal ??
    (typeof params.action === 'string'
      ? params.action
      : ({ POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' } as Record<string, string>)[method]) ??
    method.toLowerCase();
  return `${resource}.${verb}`;
}

/**
 * Accounts for the console, in one call made before any other route is registered: session
 * cookies, `request.user`, one guard on every request (Origin on upgrades and changes; 401 without
 * a session except the public routes and static files; 403 below the route's role; default deny),
 * the audit of every change, and the account routes.
 */
export async function installAuth(app: FastifyInstance, opts: AuthPluginOptions): Promise<AuthHandle> {
  const { auth } = opts;
  const allowed = opts.allowedOrigins ?? [];
  const trusted = new TrustedProxies(opts.trustedProxies ?? []);
  const sockets = new SocketRegistry(auth.revocations, (id) => auth.sessions.touch(id));
  const admin = new AccountAdmin(auth);
  const registered: { method: string; url: string }[] = [];
  /** Requests the guard refused (and audited): the change record skips them. */
  const refused = new WeakSet<FastifyRequest>();

  await app.register(fastifyCookie);
  app.decorateRequest('user', null);
  app.decorateRequest('clientAddress', '');

  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') registered.push({ method: m, url: r.url });
  });

  const secure = (req: FastifyRequest): boolean =>
    isSecure(
      { peer: req.socket.remoteAddress, headers: req.headers, encrypted: 'encrypted' in req.socket && req.socket.encrypted === true },
      trusted,
    );

  const handle: AuthHandle = {
    auth,
    admin,
    sockets,
    trusted,
    routes: () => registered.map((r) => `${r.method} ${r.url}`),
    routesWithoutRule: () =>
      registered.filter((r) => r.url.startsWith('/api/') && !ruleFor(r.method, r.url)).map((r) => `${r.method} ${r.url}`),
    setSessionCookie(req, reply, secret) {
      const tls = secure(req);
      reply.setCookie(tls ? SECURE_SESSION_COOKIE : SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'strict',
        secure: tls,
        path: '/',
        maxAge: Math.floor(auth.sessions.opts.absoluteMs / 1000),
      });
    },
    clearSessionCookie(req, reply) {
      const tls = secure(req);
      reply.clearCookie(tls ? SECURE_SESSION_COOKIE : SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: tls });
      if (req.cookies[SHARE_COOKIE] !== undefined)
        reply.clearCookie(SHARE_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: tls });
    },
    setShareCookie(req, reply, token, expiresAt) {
      const tls = secure(req);
      reply.setCookie(SHARE_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: tls,
        path: '/',
        maxAge: Math.max(1, Math.floor((expiresAt - Date.now()) / 1000)),
      });
    },
  };

  const refuse = (req: FastifyRequest, reply: FastifyReply, d: Exclude<Decision, { allowed: true }>, action: string): FastifyReply => {
    refused.add(req);
    if (req.headers.upgrade !== undefined) {
      // A refused upgrade's socket belongs to nobody: the HTTP server no longer tracks it, and the
      // websocket plugin frees it only when its own hook ran before this one. Free it here.
      reply.raw.once('finish', () => req.raw.socket.destroy());
    }
    const changing = !SAFE_METHODS.has(req.method) || req.headers.upgrade !== undefined;
    // Anonymous reads answered 401 are the page asking "am I signed in?": not worth a record each.
    if (d.status === 403 || changing) {
      auth.audit.record({
        actor: req.user?.user ?? null,
        via: req.user?.via ?? null,
        address: req.clientAddress,
        action,
        target: `${req.method} ${req.url.split('?')[0]}`,
        result: 'denied',
        details: { error: d.error, ...(req.headers.origin !== undefined ? { origin: req.headers.origin } : {}) },
      });
    }
    return send(reply, d.status, { error: d.error, message: d.message });
  };

  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Frame-Options', 'DENY');
    req.clientAddress = clientAddress({ peer: req.socket.remoteAddress, headers: req.headers }, trusted);

    // Cross-site websocket hijacking and CSRF: checked before anything else, session or not.
    if (req.headers.upgrade !== undefined || !SAFE_METHODS.has(req.method)) {
      const o = originAllowed(req.headers, allowed);
      if (!o.ok) {
        return refuse(
          req,
          reply,
          {
            allowed: false,
            status: 403,
            error: 'forbidden_origin',
            message: `${o.reason}. Requests that change state must come from the console's own page.`,
          },
          'access.origin',
        );
      }
    }

    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (bearer) {
      req.user = auth.principalFromToken(bearer[1]!, req.clientAddress) ?? null;
      if (!req.user) {
        return refuse(
          req,
          reply,
          {
            allowed: false,
            status: 401,
            error: 'invalid_token',
            message: 'This API token is unknown, revoked or expired. Create a new one in the console.',
          },
          'access.token',
        );
      }
    } else {
      const secret = req.cookies[SECURE_SESSION_COOKIE] ?? req.cookies[SESSION_COOKIE];
      if (secret !== undefined) {
        req.user = auth.principalFromSession(secret, req.clientAddress) ?? null;
        if (!req.user) handle.clearSessionCookie(req, reply);
      }
      const share = req.cookies[SHARE_COOKIE];
      if (!req.user && share !== undefined) {
        req.user = auth.principalFromShare(share, req.clientAddress) ?? null;
        if (!req.user) handle.clearSessionCookie(req, reply);
      }
    }

    const d = authorize(
      req.user ? { role: req.user.role, via: req.user.via } : undefined,
      req.method,
      req.routeOptions.url,
      req.url.split('?')[0]!,
    );
    if (!d.allowed) return refuse(req, reply, d, d.status === 401 ? 'access.unauthenticated' : 'access.denied');
    if (req.user?.audience && d.rule && d.rule.access !== 'public') {
      const key = `${d.rule.method} ${d.rule.path}`;
      const read = d.rule.method === 'GET' && d.rule.access === 'viewer' && !AUDIENCE_HIDDEN.test(d.rule.path);
      if (!read && !AUDIENCE_EXTRA.has(key)) {
        return refuse(
          req,
          reply,
          {
            allowed: false,
            status: 403,
            error: 'audience_read_only',
            message: 'This is a read-only audience view: it can watch, not act.',
          },
          'access.denied',
        );
      }
    }
  });

  if (opts.auditChanges !== false) {
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url;
      if (SAFE_METHODS.has(req.method) || !req.user || !route || refused.has(req) || req.routeOptions.config.selfAudited) return;
      const params = (req.params ?? {}) as Record<string, unknown>;
      const target = params.id ?? params.name ?? Object.values(params)[0];
      auth.audit.record({
        actor: req.user.user,
        via: req.user.via,
        address: req.clientAddress,
        action: actionName(req.method, route, params),
        target: target === undefined ? null : typeof target === 'string' ? target : JSON.stringify(target),
        result: reply.statusCode < 400 ? 'ok' : reply.statusCode === 403 ? 'denied' : 'failed',
        details: { method: req.method, route, status: reply.statusCode, params },
      });
    });
  }

  accountRoutes(app, handle);
  userRoutes(app, handle);
  tokenRoutes(app, handle);
  settingsRoutes(app, handle);
  auditRoutes(app, handle);
  shareRoutes(app, handle);

  app.addHook('onClose', (_i, done) => {
    sockets.close();
    done();
  });
  return handle;
}
