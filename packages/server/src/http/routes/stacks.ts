import { isStackName, STACK_NAME_PATTERN, type StackRole } from '@phedds/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StackService, TargetChoice } from '../../stacks/service.ts';

const NAME = { type: 'string', pattern: STACK_NAME_PATTERN } as const;
const nameParams = { type: 'object', required: ['name'], properties: { name: NAME } } as const;
const TARGET = { type: 'string', enum: ['auto', 'engine', 'swarm'] } as const;
/** The YAML itself is limited by the validator (256 KiB) with a message that says so; this only bounds the body. */
const fileBody = {
  type: 'object',
  required: ['compose'],
  additionalProperties: false,
  properties: { compose: { type: 'string', maxLength: 1_000_000 }, env: { type: 'string', maxLength: 64 * 1024 }, target: TARGET },
} as const;

interface FileBody {
  compose: string;
  env?: string;
  target?: TargetChoice;
}

/** The caller's role, which decides what a compose file may ask for. */
export function roleOf(req: FastifyRequest): StackRole {
  // Every stack route needs a signed-in caller (auth/policy.ts); the weakest role is the fallback.
  return req.user?.role ?? 'viewer';
}

function userOf(req: FastifyRequest): string | undefined {
  return req.user?.user.username;
}

export function stackRoutes(app: FastifyInstance, stacks: StackService): void {
  app.get('/api/stacks', async () => {
    await stacks.refreshSwarm();
    return stacks.snapshot();
  });

  app.get<{ Params: { name: string } }>('/api/stacks/:name', { schema: { params: nameParams } }, async (req) => {
    await stacks.refreshSwarm();
    return stacks.get(req.params.name);
  });

  app.get<{ Params: { name: string; version: number } }>(
    '/api/stacks/:name/versions/:version',
    {
      schema: {
        params: { type: 'object', required: ['name', 'version'], properties: { name: NAME, version: { type: 'integer', minimum: 1 } } },
      },
    },
    (req) => stacks.version(req.params.name, req.params.version),
  );

  app.post<{ Body: FileBody & { name: string } }>(
    '/api/stacks/validate',
    {
      schema: {
        body: {
          ...fileBody,
          required: ['name', 'compose'],
          properties: { ...fileBody.properties, name: { type: 'string', maxLength: 200 } },
        },
      },
    },
    async (req) => {
      const name = req.body.name;
      const target =
        req.body.target && req.body.target !== 'auto'
          ? req.body.target
          : await stacks.resolveTarget(isStackName(name) ? name : '', 'auto').catch(() => 'engine' as const);
      const v = stacks.validate(name, { compose: req.body.compose, env: req.body.env ?? '' }, roleOf(req), target);
      return { ok: v.ok, target, issues: v.issues };
    },
  );

  app.post<{ Params: { name: string }; Body: FileBody }>(
    '/api/stacks/:name/plan',
    { schema: { params: nameParams, body: fileBody } },
    async (req, reply) => {
      const r = await stacks.plan(req.params.name, { compose: req.body.compose, env: req.body.env ?? '' }, roleOf(req), req.body.target);
      if (!r.plan) {
        const first = r.validation.issues.find((i) => i.severity === 'error')!;
        return reply.status(400).send({
          error: 'invalid_stack',
          message: `${first.message}${first.line !== undefined ? ` (line ${first.line}, column ${first.column})` : ''}`,
          details: { stack: req.params.name, issues: r.validation.issues },
        });
      }
      return { plan: r.plan, issues: r.validation.issues };
    },
  );

  app.post<{ Params: { name: string }; Body: FileBody }>(
    '/api/stacks/:name/deploy',
    { schema: { params: nameParams, body: fileBody } },
    async (req) => {
      const by = userOf(req);
      const r = await stacks.deploy(req.params.name, {
        file: { compose: req.body.compose, env: req.body.env ?? '' },
        role: roleOf(req),
        ...(req.body.target ? { target: req.body.target } : {}),
        ...(by ? { by } : {}),
      });
      return { ok: true, ...r, stack: stacks.list().find((s) => s.name === req.params.name) ?? null };
    },
  );

  app.post<{ Params: { name: string }; Body: { version: number } }>(
    '/api/stacks/:name/rollback',
    {
      schema: {
        params: nameParams,
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: { version: { type: 'integer', minimum: 1 } },
        },
      },
    },
    async (req) => {
      const r = await stacks.rollback(req.params.name, req.body.version, roleOf(req), userOf(req));
      return { ok: true, ...r, stack: stacks.list().find((s) => s.name === req.params.name) ?? null };
    },
  );

  app.post<{ Params: { name: string }; Body: { volumes?: boolean } | null }>(
    '/api/stacks/:name/down',
    {
      schema: {
        params: nameParams,
        body: { type: ['object', 'null'], additionalProperties: false, properties: { volumes: { type: 'boolean' } } },
      },
    },
    async (req) => {
      await stacks.down(req.params.name, req.body?.volumes ?? false, roleOf(req));
      return { ok: true, stack: stacks.list().find((s) => s.name === req.params.name) ?? null };
    },
  );

  app.post<{ Params: { name: string; service: string }; Body: { replicas: number } }>(
    '/api/stacks/:name/services/:service/scale',
    {
      schema: {
        params: {
          type: 'object',
          required: ['name', 'service'],
          properties: { name: NAME, service: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$' } },
        },
        body: {
          type: 'object',
          required: ['replicas'],
          additionalProperties: false,
          properties: { replicas: { type: 'integer', minimum: 0, maximum: 100 } },
        },
      },
    },
    async (req) => {
      await stacks.scale(req.params.name, req.params.service, req.body.replicas, roleOf(req));
      return { ok: true, stack: stacks.list().find((s) => s.name === req.params.name) ?? null };
    },
  );
}
