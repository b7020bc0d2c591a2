import { TERMINAL_MAX_COLS, TERMINAL_MAX_ROWS, TerminalChannel, type TerminalControl, type TerminalCreate } from '@phedds/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthHandle } from '../../auth/plugin.ts';
import { terminalKindAllowed } from '../../auth/policy.ts';
import { endOnRevocation, type Principal } from '../../auth/revocations.ts';
import { EngineError } from '../../engine/errors.ts';
import { SESSION_ID_PATTERN, type TerminalManager } from '../../terminal/manager.ts';

/** Container names and ids as the engine allows them (plus the id prefixes the CLI accepts). */
const REF = { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$' } as const;

const createBody = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['host', 'exec'] },
    container: REF,
    // An argv, passed to the engine as it is: never joined into a shell string.
    command: {
      type: 'array',
      minItems: 1,
      maxItems: 64,
      items: { type: 'string', maxLength: 4096, pattern: '^[^\\u0000]*$' },
    },
    cols: { type: 'integer', minimum: 1, maximum: TERMINAL_MAX_COLS },
    rows: { type: 'integer', minimum: 1, maximum: TERMINAL_MAX_ROWS },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: SESSION_ID_PATTERN } },
} as const;

const SESSION_ID = new RegExp(SESSION_ID_PATTERN);

interface CreateBody {
  kind: 'host' | 'exec';
  container?: string;
  command?: string[];
  cols?: number;
  rows?: number;
}

const bad = (message: string, field: string): EngineError =>
  new EngineError(400, 'bad_request', `${message} Fix the request and retry.`, [{ field, problem: message }]);

/** The checks one JSON schema cannot say clearly: which fields belong to which kind. */
function toCreate(b: CreateBody): TerminalCreate {
  const size = { ...(b.cols !== undefined ? { cols: b.cols } : {}), ...(b.rows !== undefined ? { rows: b.rows } : {}) };
  if (b.kind === 'host') {
    if (b.container !== undefined || b.command !== undefined) {
      throw bad('A host shell takes no container or command (those are for kind "exec").', 'body.kind');
    }
    return { kind: 'host', ...size };
  }
  if (b.container === undefined) throw bad('kind "exec" needs the container to run in.', 'body.container');
  if (b.command && b.command[0] === '') throw bad("The command's first word (the program) is empty.", 'body.command');
  return { kind: 'exec', container: b.container, ...(b.command ? { command: b.command } : {}), ...size };
}

function notFound(id: string): EngineError {
  return new EngineError(
    404,
    'not_found',
    `No terminal session ${id}: it has ended (closed, its process exited, or it stayed detached too long). Open a new one.`,
    { id },
  );
}

/** Terminals one account may hold open at once (the console-wide limit still applies). */
export const MAX_TERMINALS_PER_USER = 8;

/**
 * The terminal routes. Every session belongs to the account that opened it: only that account (or
 * an admin) lists, attaches to or ends it; host shells are admin-only; a session ends with its
 * owner's credentials (sign-out, password change, disable, delete, role change), its process killed.
 */
export function terminalRoutes(app: FastifyInstance, terminals: TerminalManager, auth: AuthHandle): void {
  const owners = new Map<string, Principal>();
  const live = (): [string, Principal][] => {
    for (const id of owners.keys()) if (!terminals.has(id)) owners.delete(id);
    return [...owners];
  };
  const who = (req: FastifyRequest): Principal => req.user!;
  const mayUse = (p: Principal, id: string): boolean => !p.audience && (owners.get(id)?.user.id === p.user.id || p.role === 'admin');
  /** An audience watches the terminals of whoever made its share link, and nothing else. */
  const sharer = (p: Principal): number | undefined =>
    p.audience && p.tokenId !== undefined ? auth.auth.shares.ownerOf(p.tokenId) : undefined;
  const mayWatch = (p: Principal, id: string, shared = sharer(p)): boolean => {
    const owner = owners.get(id)?.user.id;
    return mayUse(p, id) || (owner !== undefined && owner === shared);
  };
  /**
   * Answered over plain HTTP, before any upgrade: a dead id, or one the caller may not use, gets a
   * clear 404 (the Origin, the session and the role were checked by the auth guard already).
   */
  const liveSessionFor =
    (may: (p: Principal, id: string) => boolean) =>
    async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      if (SESSION_ID.test(req.params.id) && terminals.has(req.params.id) && may(who(req), req.params.id)) return undefined;
      const e = notFound(req.params.id);
      return reply.status(404).send({ error: e.code, message: e.message });
    };
  const record = (
    p: Principal,
    action: string,
    target: string,
    result: 'ok' | 'denied' | 'failed',
    details: Record<string, unknown>,
  ): void => {
    auth.auth.audit.record({ actor: p.user, via: p.via, address: p.address, action, target, result, details });
  };

  const off = endOnRevocation(auth.auth.revocations, {
    owned: () => live().map(([id, owner]) => ({ id, owner })),
    end: async (id, why) => {
      const owner = owners.get(id);
      owners.delete(id);
      const info = await terminals.end(id, why);
      if (owner && info) record(owner, 'terminal.close', info.title, 'ok', { id, why });
    },
  });
  app.addHook('onClose', (_i, done) => {
    off();
    done();
  });

  app.post<{ Body: CreateBody }>('/api/terminals', { schema: { body: createBody }, config: { selfAudited: true } }, async (req, reply) => {
    const p = who(req);
    const wanted = toCreate(req.body);
    const target = wanted.kind === 'host' ? 'host' : wanted.container;
    if (!terminalKindAllowed(p.role, wanted.kind)) {
      record(p, 'terminal.open', target, 'denied', { kind: wanted.kind });
      throw new EngineError(
        403,
        'forbidden',
        `Your role (${p.role}) cannot open a shell on the console's host; only an admin can. Open a shell in a container instead.`,
      );
    }
    const mine = live().filter(([, o]) => o.user.id === p.user.id).length;
    if (mine >= MAX_TERMINALS_PER_USER) {
      throw new EngineError(
        429,
        'too_many_terminals',
        `You already have ${MAX_TERMINALS_PER_USER} terminal sessions open, the limit per account. Close one and try again.`,
        { limit: MAX_TERMINALS_PER_USER },
      );
    }
    try {
      const info = await terminals.create(wanted);
      owners.set(info.id, p);
      record(p, 'terminal.open', info.title, 'ok', { id: info.id, kind: info.kind });
      return reply.status(201).send(info);
    } catch (err) {
      record(p, 'terminal.open', target, 'failed', { kind: wanted.kind, error: (err as EngineError).code ?? 'error' });
      throw err;
    }
  });

  app.get('/api/terminals', (req) => {
    const p = who(req);
    live();
    if (p.audience) {
      const shared = sharer(p);
      return { terminals: terminals.list().filter((t) => mayWatch(p, t.id, shared)) };
    }
    return { terminals: terminals.list().filter((t) => mayUse(p, t.id) && terminalKindAllowed(p.role, 'exec')) };
  });

  app.delete<{ Params: { id: string } }>(
    '/api/terminals/:id',
    { schema: { params: idParams }, config: { selfAudited: true } },
    async (req) => {
      const p = who(req);
      if (!terminals.has(req.params.id) || !mayUse(p, req.params.id)) throw notFound(req.params.id);
      const info = await terminals.end(req.params.id);
      if (!info) throw notFound(req.params.id);
      owners.delete(req.params.id);
      record(p, 'terminal.close', info.title, 'ok', { id: info.id, why: 'closed' });
      return { ok: true, terminal: info };
    },
  );

  app.register((scope, _opts, done) => {
    scope.get<{ Params: { id: string } }>(
      '/api/terminals/:id/attach',
      {
        websocket: true,
        preValidation: liveSessionFor(mayUse),
      },
      (socket, req) => {
        auth.sockets.track(socket, who(req));
        if (terminals.attach(req.params.id, socket)) return;
        // Ended between the check and the upgrade.
        const msg: TerminalControl = { type: 'error', error: 'not_found', message: notFound(req.params.id).message };
        socket.send(Buffer.concat([Buffer.from([TerminalChannel.control]), Buffer.from(JSON.stringify(msg))]));
        socket.close(1000, 'no such session');
      },
    );
    scope.get<{ Params: { id: string } }>(
      '/api/terminals/:id/watch',
      {
        websocket: true,
        preValidation: liveSessionFor((p, id) => mayWatch(p, id)),
      },
      (socket, req) => {
        auth.sockets.track(socket, who(req));
        if (terminals.watch(req.params.id, socket)) return;
        socket.close(1000, 'no such session');
      },
    );
    done();
  });
}
