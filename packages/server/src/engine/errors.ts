/** A failure the API turns into `{error, message, details}` with this HTTP status. */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

interface DockerodeError {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

function asDockerodeError(err: unknown): DockerodeError {
  return typeof err === 'object' && err !== null ? err : { message: String(err) };
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ESOCKETTIMEDOUT']);

/** True when the error means the engine could not be reached at all. */
export function isUnreachable(err: unknown): boolean {
  const e = asDockerodeError(err);
  return (e.code !== undefined && UNREACHABLE.has(e.code)) || /timeout/i.test(e.message ?? '');
}

/** The engine's own message, without dockerode's "(HTTP code 409) unexpected - " prefix. */
export function engineMessage(err: unknown): string {
  const e = asDockerodeError(err);
  return e.json?.message ?? e.reason ?? e.message ?? 'unknown engine error';
}

/** Turns a dockerode error into an EngineError with a message a person can act on. */
export function translateEngineError(err: unknown, what: string, address: string): EngineError {
  if (err instanceof EngineError) return err;
  const e = asDockerodeError(err);
  if (isUnreachable(err)) {
    return new EngineError(
      503,
      'engine_unreachable',
      `The Docker engine at ${address} did not answer (${e.code ?? e.message}). Start it (npm run engine:up) or point --engine / DOCKER_HOST at a running engine, then retry.`,
    );
  }
  const msg = engineMessage(err);
  switch (e.statusCode) {
    case 404:
      return new EngineError(404, 'not_found', `${what}: not found on this engine. It may have been removed; refresh the list. (${msg})`);
    case 304:
      return new EngineError(409, 'no_change', `${what}: nothing to do, it is already in that state.`);
    case 409:
      return new EngineError(409, 'conflict', `${what}: the engine refused: ${msg}`);
    case 400:
      return new EngineError(400, 'bad_request', `${what}: the engine rejected the request: ${msg}`);
    default:
      return new EngineError(502, 'engine_error', `${what}: the engine answered with an error: ${msg}`, { engineStatus: e.statusCode });
  }
}
