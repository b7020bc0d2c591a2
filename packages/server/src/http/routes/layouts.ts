import { LAYOUT_LIMITS, LAYOUT_NAME_PATTERN, layoutProblems, PANE_ID_PATTERN, type LayoutSaveRequest } from '@phedds/shared';
import type { FastifyInstance } from 'fastify';
import type { AuthHandle } from '../../auth/plugin.ts';
import { EngineError } from '../../engine/errors.ts';
import { LayoutStore } from '../../store/layouts.ts';

const fraction = { type: 'number', minimum: LAYOUT_LIMITS.minFraction, maximum: 1 } as const;
const nameSchema = { type: 'string', minLength: 1, maxLength: LAYOUT_LIMITS.nameLength, pattern: LAYOUT_NAME_PATTERN } as const;

const layoutSchema = {
  type: 'object',
  required: ['version', 'rows'],
  additionalProperties: false,
  properties: {
    version: { type: 'integer', enum: [1] },
    rows: {
      type: 'array',
      minItems: 1,
      maxItems: LAYOUT_LIMITS.rows,
      items: {
        type: 'object',
        required: ['height', 'cells'],
        additionalProperties: false,
        properties: {
          height: fraction,
          cells: {
            type: 'array',
            minItems: 1,
            maxItems: LAYOUT_LIMITS.cellsPerRow,
            items: {
              type: 'object',
              required: ['pane', 'width'],
              additionalProperties: false,
              properties: {
                // Any well-formed id: a pane this console does not have is kept and skipped on load.
                pane: { type: 'string', minLength: 1, maxLength: LAYOUT_LIMITS.paneIdLength, pattern: PANE_ID_PATTERN },
                width: fraction,
              },
            },
          },
        },
      },
    },
    maximised: { anyOf: [{ type: 'null' }, { type: 'string', maxLength: LAYOUT_LIMITS.paneIdLength }] },
  },
} as const;

const saveBody = {
  type: 'object',
  required: ['layout'],
  additionalProperties: false,
  properties: {
    layout: layoutSchema,
    active: { type: 'boolean' },
    presenter: { type: 'boolean' },
    renameFrom: nameSchema,
  },
} as const;

const nameParams = { type: 'object', required: ['name'], properties: { name: nameSchema } } as const;

// A personal arrangement of the page, saved on every drag: not a change to what the console runs,
// so it stays out of the audit log.
const notAudited = { selfAudited: true };

/** Each user's named layouts of the wall: everyone reads and writes only their own. */
export function layoutRoutes(app: FastifyInstance, h: AuthHandle): void {
  const store = new LayoutStore(h.auth.store.db);

  app.get('/api/layouts', (req) => store.list(req.user!.user.id));

  app.put<{ Params: { name: string }; Body: LayoutSaveRequest }>(
    '/api/layouts/:name',
    { schema: { params: nameParams, body: saveBody }, config: notAudited },
    (req) => {
      const { name } = req.params;
      const problems = layoutProblems(req.body.layout);
      if (problems.length > 0) {
        const first = problems[0]!;
        throw new EngineError(
          400,
          'bad_request',
          `Invalid body.${first.field}: ${first.problem}. Fix the layout and retry.`,
          problems.map((p) => ({ field: `body.${p.field}`, problem: p.problem })),
        );
      }
      const { active, presenter, renameFrom } = req.body;
      const refused = store.save(req.user!.user.id, name, req.body.layout, {
        ...(active !== undefined ? { active } : {}),
        ...(presenter !== undefined ? { presenter } : {}),
        ...(renameFrom !== undefined ? { renameFrom } : {}),
      });
      if (refused === 'not_found') throw new EngineError(404, 'not_found', `You have no layout named "${renameFrom}" to rename.`);
      if (refused === 'exists') throw new EngineError(409, 'conflict', `You already have a layout named "${name}"; choose another name.`);
      if (refused === 'too_many') {
        throw new EngineError(
          409,
          'too_many_layouts',
          `You already keep ${LAYOUT_LIMITS.layouts} layouts; delete one before saving another.`,
        );
      }
      return store.list(req.user!.user.id);
    },
  );

  app.delete<{ Params: { name: string } }>('/api/layouts/:name', { schema: { params: nameParams }, config: notAudited }, (req) => {
    if (!store.remove(req.user!.user.id, req.params.name)) {
      throw new EngineError(404, 'not_found', `You have no layout named "${req.params.name}".`);
    }
    return store.list(req.user!.user.id);
  });
}
