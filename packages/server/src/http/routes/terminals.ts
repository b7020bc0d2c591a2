import { TERMINAL_MAX_COLS, TERMINAL_MAX_ROWS, TerminalChannel, type TerminalControl, type TerminalCreate } from '@phedds/shared';
import type { FastifyInstance } from 'fastify';
import { EngineError } from '../../engine/errors.ts';
import { SESSION_ID_PATTERN, type TerminalManager } from '../../terminal/manager.ts';
import { originAllowed } from '../origin.ts';

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

export function terminalRoutes(app: FastifyInstance, terminals: TerminalManager, allowedOrigins: readonly string[]): void {
  app.post<{ Body: CreateBody }>('/api/terminals', { schema: { body: createBody } }, async (req, reply) => {
    const info = await terminals.create(toCreate(req.body));
    return reply.status(201).send(info);
  });

  app.get('/api/terminals', () => ({ terminals: terminals.list() }));

  app.delete<{ Params: { id: string } }>('/api/terminals/:id', { schema: { params: idParams } }, async (req) => {
    const info = await terminals.end(req.params.id);
    if (!info) throw notFound(req.params.id);
    return { ok: true, terminal: info };
  });

  app.register((scope, _opts, done) => {
    scope.get<{ Params: { id: string } }>(
      '/api/terminals/:id/attach',
      {
        websocket: true,
        // Both checks answer over plain HTTP, before any upgrade: a page on another site must not
        // get a socket to a shell (cross-site websocket hijacking), and a dead id gets a clear 404.
        preValidation: async (req, reply) => {
          const o = originAllowed(req.headers, allowedOrigins);
          if (!o.ok) return reply.status(403).send({ error: 'forbidden_origin', message: o.reason });
          if (!SESSION_ID.test(req.params.id) || !terminals.has(req.params.id)) {
            const e = notFound(req.params.id);
            return reply.status(404).send({ error: e.code, message: e.message });
          }
        },
      },
      (socket, req) => {
        if (terminals.attach(req.params.id, socket)) return;
        // Ended between the check and the upgrade.
        const msg: TerminalControl = { type: 'error', error: 'not_found', message: notFound(req.params.id).message };
        socket.send(Buffer.concat([Buffer.from([TerminalChannel.control]), Buffer.from(JSON.stringify(msg))]));
        socket.close(1000, 'no such session');
      },
    );
    done();
  });
}
