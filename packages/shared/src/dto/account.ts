import type { AudienceInfo } from './share.ts';

/**
 * Accounts, roles, sessions and API tokens as the API shows them. Secrets (password hashes, token
 * hashes, the LDAP bind password) never appear in these shapes.
 */

/** Roles, weakest first. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Where an account's password is checked. */
export type AccountSource = 'local' | 'ldap';

/** True when `role` is `min` or stronger. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/** The weaker of two roles (an API token never acts above its owner). */
export function weakerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/**
 * What each role may do, for the UI to hide what a role cannot do. The server enforces its own
 * route policy; this table only mirrors it (a unit test keeps the two in step).
 */
export const CAPABILITIES = {
  /** See containers, their state, logs and the live panes. */
  view: 'viewer',
  /** Start, stop, restart, pause, kill and remove containers. */
  lifecycle: 'operator',
  /** Open a shell inside a container. */
  exec: 'operator',
  /** Deploy and take down stacks (no host access: see the create policy). */
  deploy: 'operator',
  /** Open a shell on the console's own host. */
  hostShell: 'admin',
  /** Manage users, LDAP settings and read the audit log. */
  administer: 'admin',
} as const satisfies Record<string, Role>;
export type Capability = keyof typeof CAPABILITIES;

export function can(role: Role | undefined, capability: Capability): boolean {
  return role !== undefined && roleAtLeast(role, CAPABILITIES[capability]);
}

/** One account. */
export interface UserView {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  source: AccountSource;
  disabled: boolean;
  /** Epoch ms. */
  createdAt: number;
  lastLoginAt: number | null;
}

/** Who is signed in, as `GET /api/auth/me` answers. */
export interface MeView {
  user: UserView;
  /** The role this request acts with: the account's, or a token's when weaker. */
  role: Role;
  /** `session` for a browser sign-in, `token` for an API token. */
  via: 'session' | 'token';
  /** Epoch ms at which the session ends at the latest (absolute timeout); absent for tokens. */
  expiresAt?: number;
  /** Idle timeout in ms: the session ends after this long without a request. */
  idleTimeoutMs?: number;
  /** Set when the caller came through an audience share link: a read-only live view. */
  audience?: AudienceInfo;
}

/** `GET /api/auth/setup`: whether the first admin still has to be created. */
export interface SetupState {
  needed: boolean;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface SetupRequest {
  token: string;
  username: string;
  password: string;
  displayName?: string;
}

export interface PasswordChangeRequest {
  currentPassword: string;
  newPassword: string;
}

export interface UserCreateRequest {
  username: string;
  password: string;
  role: Role;
  displayName?: string;
}

/** Every field optional; `password` resets a local account's password (ends its sessions). */
export interface UserUpdateRequest {
  role?: Role;
  disabled?: boolean;
  displayName?: string | null;
  password?: string;
}

/** An API token as listed: never the token itself. */
export interface TokenView {
  id: number;
  name: string;
  role: Role;
  /** The first characters of the token, to recognise it. */
  prefix: string;
  userId: number;
  username: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** Epoch ms; null when it never expires. */
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface TokenCreateRequest {
  name: string;
  role: Role;
  /** Days until it expires; omitted → never. */
  expiresInDays?: number;
}

/** The answer to creating a token: the only time the token itself is shown. */
export interface TokenCreated {
  token: string;
  info: TokenView;
}

/** Passwords: at least this long (characters). */
export const PASSWORD_MIN_LENGTH = 10;
/** At most this long, so hashing stays cheap for the server. */
export const PASSWORD_MAX_LENGTH = 256;
/** Local usernames: letters, digits and `._@-`, starting with a letter or digit. */
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$';
