import type { ApiError, ContainerAction, ContainerView, EngineStatus } from '@phedds/shared';

/** A failed REST call, carrying the server's `ApiError` so the UI can show `message` as is. */
export class ApiRequestError extends Error implements ApiError {
  readonly error: string;
  readonly details?: unknown;

  constructor(
    /** HTTP status; 0 when the server could not be reached at all. */
    readonly status: number,
    body: ApiError,
  ) {
    super(body.message);
    this.name = 'ApiRequestError';
    this.error = body.error;
    this.details = body.details;
  }
}

export interface HealthResponse {
  status: 'ok';
  version: string;
  engine: EngineStatus;
}

export interface ContainerActionOptions {
  /** Seconds the engine waits before killing (stop, restart). */
  timeout?: number;
  /** Signal name for kill, e.g. `SIGTERM`. */
  signal?: string;
}

type Ok = { ok: true };

function isApiError(v: unknown): v is ApiError {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.error === 'string' && typeof o.message === 'string';
}

let unauthorized: (() => void) | undefined;

/** Called when a console request answers 401: the session ended (the page then asks to sign in). */
export function onUnauthorized(fn: () => void): void {
  unauthorized = fn;
}

/** Turns a non-2xx answer into an ApiRequestError, even when a proxy answered with HTML. */
async function errorFrom(res: Response): Promise<ApiRequestError> {
  if (res.status === 401) unauthorized?.();
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (isApiError(body)) return new ApiRequestError(res.status, body);
  const what = `${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  return new ApiRequestError(res.status, {
    error: res.status >= 500 ? 'server_error' : 'http_error',
    message: `The Phedds server answered ${what} without an explanation; check that it is running and up to date.`,
  });
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    throw new ApiRequestError(0, {
      error: 'network',
      message: `Could not reach the Phedds server (${err instanceof Error ? err.message : String(err)}); check your connection.`,
    });
  }
  if (!res.ok) throw await errorFrom(res);
  return (await res.json()) as T;
}

export function getHealth(): Promise<HealthResponse> {
  return request<HealthResponse>('GET', '/api/health');
}

export async function listContainers(): Promise<ContainerView[]> {
  const res = await request<{ containers: ContainerView[] }>('GET', '/api/containers');
  return res.containers;
}

export function containerAction(id: string, action: ContainerAction, options?: ContainerActionOptions): Promise<Ok> {
  const path = `/api/containers/${encodeURIComponent(id)}/${action}`;
  return request<Ok>('POST', path, options && Object.keys(options).length > 0 ? options : undefined);
}

export function removeContainer(id: string, options: { force?: boolean } = {}): Promise<Ok> {
  const query = options.force ? '?force=true' : '';
  return request<Ok>('DELETE', `/api/containers/${encodeURIComponent(id)}${query}`);
}

/** The message to show a person for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiRequestError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
