import type { ApiError, ComposeIssue, DeployEvent, DeployPlan, StackFile, StackTarget, StackVersionInfo, StackView } from '@phedds/shared';
import { ApiRequestError } from '../../api/http.ts';

export type TargetChoice = StackTarget | 'auto';

function isApiError(v: unknown): v is ApiError {
  return typeof v === 'object' && v !== null && typeof (v as ApiError).error === 'string' && typeof (v as ApiError).message === 'string';
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiRequestError(0, {
      error: 'network',
      message: `Could not reach the Phedds server (${err instanceof Error ? err.message : String(err)}); check your connection.`,
    });
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (res.ok) return json as T;
  if (isApiError(json)) throw new ApiRequestError(res.status, json);
  throw new ApiRequestError(res.status, {
    error: 'http_error',
    message: `The Phedds server answered ${res.status} without an explanation.`,
  });
}

const enc = encodeURIComponent;

export interface StackDetails {
  stack?: StackView;
  file?: StackFile;
  version?: number;
  versions: StackVersionInfo[];
}

export const stacksApi = {
  details: (name: string, signal?: AbortSignal) => call<StackDetails>('GET', `/api/stacks/${enc(name)}`, undefined, signal),
  version: (name: string, version: number) =>
    call<{ file: StackFile; info: StackVersionInfo }>('GET', `/api/stacks/${enc(name)}/versions/${version}`),
  validate: (name: string, file: StackFile, target: TargetChoice, signal?: AbortSignal) =>
    call<{ ok: boolean; target: StackTarget; issues: ComposeIssue[] }>('POST', '/api/stacks/validate', { name, ...file, target }, signal),
  plan: (name: string, file: StackFile, target: TargetChoice) =>
    call<{ plan: DeployPlan; issues: ComposeIssue[] }>('POST', `/api/stacks/${enc(name)}/plan`, { ...file, target }),
  deploy: (name: string, file: StackFile, target: TargetChoice) =>
    call<{ version: number; plan: DeployPlan; events: DeployEvent[] }>('POST', `/api/stacks/${enc(name)}/deploy`, { ...file, target }),
  rollback: (name: string, version: number) => call<{ version: number }>('POST', `/api/stacks/${enc(name)}/rollback`, { version }),
  down: (name: string, volumes: boolean) => call<{ ok: true }>('POST', `/api/stacks/${enc(name)}/down`, { volumes }),
  scale: (name: string, service: string, replicas: number) =>
    call<{ ok: true }>('POST', `/api/stacks/${enc(name)}/services/${enc(service)}/scale`, { replicas }),
};

/** The issues a failed call carried (validation errors come with line and column). */
export function issuesOf(err: unknown): ComposeIssue[] {
  if (!(err instanceof ApiRequestError)) return [];
  const d = err.details as { issues?: ComposeIssue[] } | undefined;
  return Array.isArray(d?.issues) ? d.issues : [];
}
