import type { ApiError, ContainerChanges, ContainerTop, ContainerView, ProbeResult } from '@phedds/shared';
import { ApiRequestError } from './http.ts';

function isApiError(v: unknown): v is ApiError {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.error === 'string' && typeof o.message === 'string';
}

/** A GET of the console's REST API; failures carry the server's `{error, message}`. */
async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', ...(signal ? { signal } : {}) });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiRequestError(0, {
      error: 'network',
      message: `Could not reach the Phedds server (${err instanceof Error ? err.message : String(err)}); check your connection.`,
    });
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (res.ok) return body as T;
  if (isApiError(body)) throw new ApiRequestError(res.status, body);
  throw new ApiRequestError(res.status, {
    error: res.status >= 500 ? 'server_error' : 'http_error',
    message: `The Phedds server answered ${res.status} without an explanation; check that it is running and up to date.`,
  });
}

const enc = encodeURIComponent;

/** `docker inspect` of a container, with the console's own view of it. */
export function inspectContainer(id: string, signal?: AbortSignal): Promise<{ container?: ContainerView; inspect: unknown }> {
  return get(`/api/containers/${enc(id)}`, signal);
}

export function containerTop(id: string, signal?: AbortSignal): Promise<ContainerTop> {
  return get(`/api/containers/${enc(id)}/top`, signal);
}

export function containerChanges(id: string, signal?: AbortSignal): Promise<ContainerChanges> {
  return get(`/api/containers/${enc(id)}/changes`, signal);
}

/** The engine's inspect answer of a network or volume (the Events pane links to them). */
export async function inspectObject(kind: 'network' | 'volume', id: string, signal?: AbortSignal): Promise<unknown> {
  const r = await get<{ inspect?: unknown }>(`/api/${kind}s/${enc(id)}`, signal);
  return r.inspect ?? r;
}

/** Asks the console to request a published port of a container and say who answered. */
export function probeContainer(id: string, hostPort: number, path: string, signal?: AbortSignal): Promise<ProbeResult> {
  return get(`/api/containers/${enc(id)}/probe?port=${hostPort}&path=${enc(path)}`, signal);
}
