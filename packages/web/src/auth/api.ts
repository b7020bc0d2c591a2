import type {
  ApiError,
  AuditPage,
  AuditQuery,
  LdapSettingsUpdate,
  LdapSettingsView,
  LdapTestRequest,
  LdapTestResult,
  MeView,
  SetupState,
  ShareCreated,
  ShareCreateRequest,
  ShareView,
  TokenCreated,
  TokenCreateRequest,
  TokenView,
  UserCreateRequest,
  UserUpdateRequest,
  UserView,
} from '@phedds/shared';
import { ApiRequestError } from '../api/http.ts';

function isApiError(v: unknown): v is ApiError {
  return typeof v === 'object' && v !== null && typeof (v as ApiError).error === 'string' && typeof (v as ApiError).message === 'string';
}

/** One JSON call to the console; failures become ApiRequestError carrying the server's message. */
async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch (err) {
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
  if (!res.ok) {
    throw new ApiRequestError(
      res.status,
      isApiError(json) ? json : { error: 'http_error', message: `The Phedds server answered ${res.status} without an explanation.` },
    );
  }
  return json as T;
}

/** Query string of the audit filters that are set. */
export function auditQueryString(q: AuditQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q) as [string, string | number | undefined][]) {
    if (v === undefined || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const authApi = {
  setupState: () => request<SetupState>('GET', '/api/auth/setup'),
  setup: (token: string, username: string, password: string, displayName?: string) =>
    request<{ me: MeView }>('POST', '/api/auth/setup', { token, username, password, ...(displayName ? { displayName } : {}) }),
  login: (username: string, password: string) => request<{ me: MeView }>('POST', '/api/auth/login', { username, password }),
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout'),
  me: () => request<MeView>('GET', '/api/auth/me'),
  redeemShare: (token: string) => request<MeView>('POST', '/api/shares/redeem', { token }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ me: MeView }>('POST', '/api/auth/password', { currentPassword, newPassword }),
};

export const adminApi = {
  shares: () => request<{ shares: ShareView[] }>('GET', '/api/shares').then((r) => r.shares),
  createShare: (req: ShareCreateRequest) => request<ShareCreated>('POST', '/api/shares', req),
  revokeShare: (id: number) => request<{ ok: true }>('DELETE', `/api/shares/${id}`),
  users: async () => (await request<{ users: UserView[] }>('GET', '/api/users')).users,
  createUser: async (u: UserCreateRequest) => (await request<{ user: UserView }>('POST', '/api/users', u)).user,
  updateUser: async (id: number, change: UserUpdateRequest) =>
    (await request<{ user: UserView }>('PATCH', `/api/users/${id}`, change)).user,
  deleteUser: (id: number) => request<{ ok: true }>('DELETE', `/api/users/${id}`),
  tokens: async (all = false) => (await request<{ tokens: TokenView[] }>('GET', `/api/tokens${all ? '?all=true' : ''}`)).tokens,
  createToken: (t: TokenCreateRequest) => request<TokenCreated>('POST', '/api/tokens', t),
  revokeToken: (id: number) => request<{ ok: true; token: TokenView }>('DELETE', `/api/tokens/${id}`),
  ldap: () => request<LdapSettingsView>('GET', '/api/settings/ldap'),
  putLdap: (s: LdapSettingsUpdate) => request<LdapSettingsView>('PUT', '/api/settings/ldap', s),
  testLdap: (t: LdapTestRequest) => request<LdapTestResult>('POST', '/api/settings/ldap/test', t),
  audit: (q: AuditQuery) => request<AuditPage>('GET', `/api/audit${auditQueryString(q)}`),
  backup: () => request<{ file: string }>('POST', '/api/admin/backup'),
};
