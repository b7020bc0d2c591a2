import type { LoginRequest, PasswordChangeRequest, SetupRequest, SetupState } from '@phedds/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthHandle } from '../../auth/plugin.ts';
import type { RequestContext, SignedIn } from '../../auth/service.ts';
import { publicUser } from '../../auth/users.ts';

/** Long enough for any real name or password, short enough that nobody feeds the hasher a megabyte. */
const loose = (max: number) => ({ type: 'string', maxLength: max }) as const;

const loginBody = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: { username: loose(256), password: loose(1024) },
} as const;

const setupBody = {
  type: 'object',
  required: ['token', 'username', 'password'],
  additionalProperties: false,
  properties: { token: loose(256), username: loose(64), password: loose(1024), displayName: loose(128) },
} as const;

const passwordBody = {
  type: 'object',
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
  properties: { currentPassword: loose(1024), newPassword: loose(1024) },
} as const;

const selfAudited = { selfAudited: true };

export function requestContext(req: FastifyRequest): RequestContext {
  const ua = req.headers['user-agent'];
  return {
    address: req.clientAddress,
    ...(ua ? { userAgent: ua } : {}),
    ...(req.user?.sessionId !== undefined ? { previousSessionId: req.user.sessionId } : {}),
  };
}

/** Sign-in, first-run setup, sign-out, who am I, and changing one's own password. */
export function accountRoutes(app: FastifyInstance, h: AuthHandle): void {
  const { auth } = h;

  const signedIn = (req: FastifyRequest, reply: FastifyReply, s: SignedIn, status = 200): FastifyReply => {
    h.setSessionCookie(req, reply, s.secret);
    const me = auth.me({
      user: publicUser(s.user),
      role: s.user.role,
      via: 'session',
      sessionId: s.session.id,
      address: req.clientAddress,
    });
    return reply.status(status).send({ me });
  };

  app.get('/api/auth/setup', (): SetupState => ({ needed: auth.setupNeeded() }));

  app.post<{ Body: SetupRequest }>('/api/auth/setup', { schema: { body: setupBody }, config: selfAudited }, async (req, reply) => {
    const b = req.body;
    const s = await auth.setup(b.token, b.username, b.password, b.displayName, requestContext(req));
    return signedIn(req, reply, s, 201);
  });

  app.post<{ Body: LoginRequest }>('/api/auth/login', { schema: { body: loginBody }, config: selfAudited }, async (req, reply) => {
    try {
      const s = await auth.login(req.body.username, req.body.password, requestContext(req));
      return signedIn(req, reply, s);
    } catch (err) {
      const retry = (err as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
      if (retry !== undefined) void reply.header('Retry-After', String(retry));
      throw err;
    }
  });

  app.post('/api/auth/logout', { config: selfAudited }, (req, reply) => {
    auth.logout(req.user!);
    h.clearSessionCookie(req, reply);
    return { ok: true };
  });

  app.get('/api/auth/me', (req) => auth.me(req.user!));

  app.post<{ Body: PasswordChangeRequest }>(
    '/api/auth/password',
    { schema: { body: passwordBody }, config: selfAudited },
    async (req, reply) => {
      const s = await auth.changePassword(req.user!, req.body.currentPassword, req.body.newPassword, requestContext(req));
      return signedIn(req, reply, s);
    },
  );
}
