import { SHARE_MAX_HOURS, SHARE_MAX_PANES, type ShareCreateRequest } from '@phedds/shared';
import type { FastifyInstance } from 'fastify';
import type { AuthHandle } from '../../auth/plugin.ts';
import { EngineError } from '../../engine/errors.ts';

const PANE_ID = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' } as const;

const createBody = {
  type: 'object',
  required: ['label', 'panes', 'hours'],
  additionalProperties: false,
  properties: {
    label: { type: 'string', minLength: 1, maxLength: 80, pattern: '\\S' },
    panes: { type: 'array', minItems: 1, maxItems: SHARE_MAX_PANES, uniqueItems: true, items: PANE_ID },
    hours: { type: 'number', exclusiveMinimum: 0, maximum: SHARE_MAX_HOURS },
  },
} as const;

const redeemBody = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  properties: { token: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const selfAudited = { selfAudited: true };

/**
 * Audience share links: admins create, list and revoke them; whoever holds a link redeems it for a
 * cookie that acts as a read-only viewer of the chosen panes until the link expires or is revoked.
 */
export function shareRoutes(app: FastifyInstance, h: AuthHandle): void {
  const { auth } = h;

  app.get('/api/shares', () => ({ shares: auth.shares.list() }));

  app.post<{ Body: ShareCreateRequest }>('/api/shares', { schema: { body: createBody }, config: selfAudited }, (req, reply) => {
    const p = req.user!;
    const { token, share } = auth.shares.create(p.user.id, req.body.label.trim(), req.body.panes, req.body.hours);
    auth.audit.record({
      actor: p.user,
      via: p.via,
      address: p.address,
      action: 'share.create',
      target: share.label,
      result: 'ok',
      details: { id: share.id, panes: share.panes, expiresAt: share.expiresAt },
    });
    // The link carries the token: this answer is its only appearance.
    void reply.header('Cache-Control', 'no-store');
    return reply.status(201).send({ share, link: `/watch#share=${encodeURIComponent(token)}` });
  });

  app.delete<{ Params: { id: number } }>('/api/shares/:id', { schema: { params: idParams }, config: selfAudited }, (req) => {
    const p = req.user!;
    const before = auth.shares.get(req.params.id);
    if (!before)
      throw new EngineError(404, 'not_found', `No share link ${req.params.id}. It may have been removed.`, { id: req.params.id });
    auth.shares.revoke(req.params.id);
    auth.audit.record({ actor: p.user, via: p.via, address: p.address, action: 'share.revoke', target: before.label, result: 'ok' });
    return { ok: true, share: auth.shares.get(req.params.id) };
  });

  app.post<{ Body: { token: string } }>('/api/shares/redeem', { schema: { body: redeemBody }, config: selfAudited }, (req, reply) => {
    const p = auth.principalFromShare(req.body.token, req.clientAddress);
    if (!p?.audience) {
      auth.audit.record({ actor: null, via: null, address: req.clientAddress, action: 'share.open', target: null, result: 'denied' });
      throw new EngineError(403, 'share_invalid', 'This share link has expired or was revoked. Ask the presenter for a new one.');
    }
    h.setShareCookie(req, reply, req.body.token, p.audience.expiresAt);
    auth.audit.record({
      actor: p.user,
      via: 'token',
      address: req.clientAddress,
      action: 'share.open',
      target: p.audience.label,
      result: 'ok',
    });
    return auth.me(p);
  });
}
