import { roleAtLeast, type Role } from '@phedds/shared';

export {
  checkCreatePolicy,
  type CreatePolicyResult,
  type CreateRequest,
  type MountLike,
  type PolicyViolation,
  type VolumeDefinition,
} from './create-policy.ts';

/**
 * Who may call a route: `public` (no session: sign-in, first-run setup, health), `signed-in` (any
 * role), or the weakest role that may.
 */
export type Access = 'public' | 'signed-in' | Role;

export interface RouteRule {
  /** HTTP method; websocket routes are `GET` (an upgrade is a GET). */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route exactly as registered with Fastify, parameters included (`/api/containers/:id`). */
  path: string;
  access: Access;
  /** Refused to API tokens: a token must not mint more tokens or change its owner's password. */
  sessionOnly?: boolean;
}

/**
 * Every API route and the weakest role allowed on it. Anything not listed is refused to everyone
 * (default deny): a new route is unreachable until it is given a rule here.
 */
export const ROUTE_RULES: readonly RouteRule[] = [
  { method: 'GET', path: '/api/health', access: 'public' },

  // Accounts
  { method: 'GET', path: '/api/auth/setup', access: 'public' },
  { method: 'POST', path: '/api/auth/setup', access: 'public' },
  { method: 'POST', path: '/api/auth/login', access: 'public' },
  { method: 'POST', path: '/api/auth/logout', access: 'signed-in' },
  { method: 'GET', path: '/api/auth/me', access: 'signed-in' },
  { method: 'POST', path: '/api/auth/password', access: 'signed-in', sessionOnly: true },
  { method: 'GET', path: '/api/users', access: 'admin' },
  { method: 'POST', path: '/api/users', access: 'admin', sessionOnly: true },
  { method: 'PATCH', path: '/api/users/:id', access: 'admin', sessionOnly: true },
  { method: 'DELETE', path: '/api/users/:id', access: 'admin', sessionOnly: true },
  { method: 'GET', path: '/api/tokens', access: 'signed-in' },
  { method: 'POST', path: '/api/tokens', access: 'signed-in', sessionOnly: true },
  { method: 'DELETE', path: '/api/tokens/:id', access: 'signed-in' },
  { method: 'GET', path: '/api/settings/ldap', access: 'admin' },
  { method: 'PUT', path: '/api/settings/ldap', access: 'admin', sessionOnly: true },
  { method: 'POST', path: '/api/settings/ldap/test', access: 'admin' },
  { method: 'GET', path: '/api/audit', access: 'admin' },
  { method: 'POST', path: '/api/admin/backup', access: 'admin' },
  { method: 'GET', path: '/api/shares', access: 'admin' },
  { method: 'POST', path: '/api/shares', access: 'admin', sessionOnly: true },
  { method: 'DELETE', path: '/api/shares/:id', access: 'admin' },
  { method: 'POST', path: '/api/shares/redeem', access: 'public' },

  // Containers
  { method: 'GET', path: '/api/containers', access: 'viewer' },
  { method: 'GET', path: '/api/containers/:id', access: 'viewer' },
  { method: 'POST', path: '/api/containers/:id/:action', access: 'operator' },
  { method: 'DELETE', path: '/api/containers/:id', access: 'operator' },

  { method: 'GET', path: '/api/containers/:id/top', access: 'viewer' },
  { method: 'GET', path: '/api/containers/:id/changes', access: 'viewer' },
  { method: 'GET', path: '/api/containers/:id/probe', access: 'viewer' },
  { method: 'GET', path: '/api/containers/:id/stats', access: 'viewer' },

  // Networks and volumes
  { method: 'GET', path: '/api/networks', access: 'viewer' },
  { method: 'GET', path: '/api/networks/:id', access: 'viewer' },
  { method: 'POST', path: '/api/networks', access: 'operator' },
  { method: 'DELETE', path: '/api/networks/:id', access: 'operator' },
  { method: 'POST', path: '/api/networks/:id/connect', access: 'operator' },
  { method: 'POST', path: '/api/networks/:id/disconnect', access: 'operator' },
  { method: 'GET', path: '/api/volumes', access: 'viewer' },
  { method: 'GET', path: '/api/volumes/:name', access: 'viewer' },
  { method: 'POST', path: '/api/volumes', access: 'operator' },
  { method: 'DELETE', path: '/api/volumes/:name', access: 'operator' },

  // Stacks (what a file may ask for is checked per role by the stack validation)
  { method: 'GET', path: '/api/stacks', access: 'viewer' },
  { method: 'GET', path: '/api/stacks/:name', access: 'viewer' },
  { method: 'GET', path: '/api/stacks/:name/versions/:version', access: 'viewer' },
  { method: 'POST', path: '/api/stacks/validate', access: 'operator' },
  { method: 'POST', path: '/api/stacks/:name/plan', access: 'operator' },
  { method: 'POST', path: '/api/stacks/:name/deploy', access: 'operator' },
  { method: 'POST', path: '/api/stacks/:name/rollback', access: 'operator' },
  { method: 'POST', path: '/api/stacks/:name/down', access: 'operator' },
  { method: 'POST', path: '/api/stacks/:name/services/:service/scale', access: 'operator' },

  // Logs of containers (a read, streamed)
  { method: 'GET', path: '/api/logs', access: 'viewer' },

  // Terminals (host shells need admin: see terminalKindAllowed)
  // Listing answers per caller: own sessions, all for admins, the sharer's for an audience, none for a viewer.
  { method: 'GET', path: '/api/terminals', access: 'viewer' },
  { method: 'POST', path: '/api/terminals', access: 'operator' },
  { method: 'DELETE', path: '/api/terminals/:id', access: 'operator' },
  { method: 'GET', path: '/api/terminals/:id/attach', access: 'operator' },
  // A read-only mirror: the owner, an admin, or the audience of a share made by the owner.
  { method: 'GET', path: '/api/terminals/:id/watch', access: 'viewer' },

  // Layouts of the wall: everyone manages their own (the routes answer for the caller only)
  { method: 'GET', path: '/api/layouts', access: 'viewer' },
  { method: 'PUT', path: '/api/layouts/:name', access: 'viewer' },
  { method: 'DELETE', path: '/api/layouts/:name', access: 'viewer' },

  // The live socket (topics: see topicAllowed)
  { method: 'GET', path: '/api/live', access: 'viewer' },
];

const index = new Map<string, RouteRule>(ROUTE_RULES.map((r) => [`${r.method} ${r.path}`, r]));

/** The rule for a registered route (HEAD follows GET), or undefined when it has none. */
export function ruleFor(method: string, routePath: string): RouteRule | undefined {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return index.get(`${m} ${routePath}`);
}

/** Paths outside `/api/` are the web app's static files: public, they carry no data. */
export function isStaticPath(urlPath: string): boolean {
  return urlPath !== '/api' && !urlPath.startsWith('/api/');
}

/** Who is asking, as far as the policy cares. */
export interface Caller {
  role: Role;
  via: 'session' | 'token';
}

export type Decision =
  { allowed: true; rule: RouteRule | undefined } | { allowed: false; status: 401 | 403; error: string; message: string };

/**
 * May `caller` (undefined: nobody signed in) call `method routePath`? `routePath` is the route as
 * registered (Fastify's `routeOptions.url`), undefined when no route matched; `urlPath` is the
 * request's path, used only to tell static files from the API.
 */
export function authorize(caller: Caller | undefined, method: string, routePath: string | undefined, urlPath: string): Decision {
  if (isStaticPath(urlPath)) return { allowed: true, rule: undefined };
  const rule = routePath === undefined ? undefined : ruleFor(method, routePath);
  if (rule?.access === 'public') return { allowed: true, rule };
  // Below here every API path, listed or not, needs a caller: nothing tells a stranger which exist.
  if (!caller) {
    return { allowed: false, status: 401, error: 'unauthenticated', message: 'Sign in first: this needs a session or an API token.' };
  }
  if (routePath === undefined) return { allowed: true, rule: undefined }; // the 404 handler answers
  if (!rule) {
    return {
      allowed: false,
      status: 403,
      error: 'forbidden',
      message: `${method.toUpperCase()} ${routePath} is not open to any role on this console.`,
    };
  }
  if (rule.sessionOnly && caller.via !== 'session') {
    return {
      allowed: false,
      status: 403,
      error: 'session_required',
      message: 'API tokens cannot do this; sign in to the console with your account instead.',
    };
  }
  if (rule.access !== 'signed-in' && !roleAtLeast(caller.role, rule.access)) {
    return {
      allowed: false,
      status: 403,
      error: 'forbidden',
      message: `Your role (${caller.role}) cannot do this; it needs ${rule.access === 'admin' ? 'an admin' : `an ${rule.access} or an admin`}. Ask an admin for a stronger role.`,
    };
  }
  return { allowed: true, rule };
}

/** Host shells are admin-only; container shells need an operator. */
export function terminalKindAllowed(role: Role, kind: 'host' | 'exec'): boolean {
  return roleAtLeast(role, kind === 'host' ? 'admin' : 'operator');
}

/** Live topics each role may subscribe to; unknown topics are refused. */
const TOPIC_ACCESS: Record<string, Role> = {
  containers: 'viewer',
  engine: 'viewer',
  networks: 'viewer',
  volumes: 'viewer',
  images: 'viewer',
  stats: 'viewer',
  events: 'viewer',
  stacks: 'viewer',
};

export function topicAllowed(role: Role, topic: string): boolean {
  const min = TOPIC_ACCESS[topic];
  return min !== undefined && roleAtLeast(role, min);
}
