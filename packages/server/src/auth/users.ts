import type { AccountSource, Role, UserView } from '@phedds/shared';
import type Database from 'better-sqlite3';

interface UserRow {
  id: number;
  username: string;
  display_name: string | null;
  source: AccountSource;
  role: Role;
  password_hash: string | null;
  disabled: 0 | 1;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

export interface UserRecord extends UserView {
  passwordHash: string | null;
}

export function toView(r: UserRow): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    source: r.source,
    disabled: r.disabled === 1,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
    passwordHash: r.password_hash,
  };
}

/** The public part of a user record: never the password hash. */
export function publicUser(u: UserRecord): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    source: u.source,
    disabled: u.disabled,
    createdAt: u.createdAt,
    lastLoginAt: u.lastLoginAt,
  };
}

export interface NewUser {
  username: string;
  role: Role;
  source: AccountSource;
  passwordHash: string | null;
  displayName?: string | null;
}

/** The users table. Checks of who may do what live in the service above it. */
export class UserStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: number): UserRecord | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return r && toView(r);
  }

  /** Case-insensitive, as usernames are unique without regard to case. */
  byName(username: string): UserRecord | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return r && toView(r);
  }

  list(): UserView[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map((r) => publicUser(toView(r)));
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number;
  }

  /** Enabled admins, optionally leaving one out (to ask "would any remain without them?"). */
  enabledAdmins(except?: number): number {
    return this.db
      .prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?")
      .pluck()
      .get(except ?? -1) as number;
  }

  create(u: NewUser): UserRecord {
    const t = this.now();
    const info = this.db
      .prepare(
        'INSERT INTO users (username, display_name, source, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)',
      )
      .run(u.username, u.displayName ?? null, u.source, u.role, u.passwordHash, t, t);
    return this.get(Number(info.lastInsertRowid))!;
  }

  update(
    id: number,
    change: { role?: Role; disabled?: boolean; displayName?: string | null; passwordHash?: string },
  ): UserRecord | undefined {
    const sets: string[] = [];
    const args: unknown[] = [];
    const set = (column: string, value: unknown): void => {
      sets.push(`${column} = ?`);
      args.push(value);
    };
    if (change.role !== undefined) set('role', change.role);
    if (change.disabled !== undefined) set('disabled', change.disabled ? 1 : 0);
    if (change.displayName !== undefined) set('display_name', change.displayName);
    if (change.passwordHash !== undefined) set('password_hash', change.passwordHash);
    if (sets.length > 0) {
      sets.push('updated_at = ?');
      args.push(this.now(), id);
      this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...args);
    }
    return this.get(id);
  }

  recordLogin(id: number): void {
    this.db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(this.now(), id);
  }

  /** Deletes the user; their sessions, tokens and known addresses go with them (foreign keys). */
  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0;
  }

  /** Remembers that `address` signed in as this user: the account-wide throttle spares it. */
  rememberAddress(userId: number, address: string): void {
    this.db
      .prepare(
        'INSERT INTO login_addresses (user_id, address, last_ok_at) VALUES (?, ?, ?) ON CONFLICT (user_id, address) DO UPDATE SET last_ok_at = excluded.last_ok_at',
      )
      .run(userId, address, this.now());
  }

  knownAddress(userId: number, address: string, withinMs: number): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM login_addresses WHERE user_id = ? AND address = ? AND last_ok_at >= ?')
        .get(userId, address, this.now() - withinMs) !== undefined
    );
  }
}
