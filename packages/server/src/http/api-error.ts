import type { ApiError } from '@phedds/shared';
import type { FastifyError, FastifyInstance } from 'fastify';
import { EngineError } from '../engine/errors.ts';

/**
 * Every failure leaves as `{error, message, details}`. With `spaFallback`, a GET outside /api that
 * matches no file answers with the web app, so client-side routes survive a reload.
 */
export function installErrorHandling(app: FastifyInstance, spaFallback = false): void {
  app.setErrorHandler((err: FastifyError | EngineError | Error, req, reply) => {
    if (err instanceof EngineError) {
      const body: ApiError = { error: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) };
      return reply.status(err.status).send(body);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const where = fe.validationContext ?? 'request';
      const problems = fe.validation.map((v) => {
        const path = v.instancePath
          ? v.instancePath.replace(/^\//, '').replace(/\//g, '.')
          : ((v.params as { missingProperty?: string }).missingProperty ?? '');
        const allowed = (v.params as { allowedValues?: unknown[] }).allowedValues;
        const problem = (v.message ?? 'is invalid') + (allowed ? ` (${allowed.join(', ')})` : '');
        return { field: `${where}${path ? '.' + path : ''}`, problem };
      });
      const first = problems[0];
      const body: ApiError = {
        error: 'bad_request',
        message: first ? `Invalid ${first.field}: ${first.problem}. Fix the request and retry.` : 'The request is invalid.',
        details: problems,
      };
      return reply.status(400).send(body);
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Fastify's own 4xx (malformed JSON, wrong content type, body too large).
      const body: ApiError = {
        error: fe.code ? fe.code.toLowerCase().replace(/^fst_err_/, '') : 'bad_request',
        message: `${fe.message}. Fix the request and retry.`,
      };
      return reply.status(fe.statusCode).send(body);
    }
    req.log.error({ err }, 'unhandled error');
    const body: ApiError = { error: 'internal', message: 'Something failed inside the console; the server log has the details.' };
    return reply.status(500).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    if (spaFallback && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    const body: ApiError = {
      error: 'not_found',
      message: `No API route ${req.method} ${req.url.split('?')[0]}. See docs/api.md for the routes.`,
    };
    return reply.status(404).send(body);
  });
}
