import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Why the data folder cannot be used; `message` says what to do. */
export type StoreProblem = 'unwritable' | 'corrupt' | 'locked' | 'too_new';

export class StoreError extends Error {
  constructor(
    readonly problem: StoreProblem,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** One numbered schema change, in plain SQL. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface StoreOptions {
  /** How long to wait for another program's lock before giving up (default 2000 ms). */
  lockTimeoutMs?: number;
  /** The schema changes to apply (default: the `.sql` files in `./migrations`). */
  migrations?: Migration[];
}

export interface Store {
  readonly db: Database.Database;
  /** The data folder, absolute. */
  readonly dir: string;
  /** The database file. */
  readonly file: string;
  /** The schema version after migrating. */
  readonly version: number;
  /** A consistent copy of the database, taken while it is in use. */
  backup(dest: string): Promise<void>;
  close(): void;
}

export const DB_FILE = 'phedds.db';
const MIGRATION_FILE = /^(\d{4})-([a-z0-9-]+)\.sql$/;

/** The migrations shipped beside this file: `NNNN-name.sql`, applied in order. */
export function loadMigrations(folder = new URL('./migrations/', import.meta.url)): Migration[] {
  return readdirSync(folder)
    .map((f) => MIGRATION_FILE.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(new URL(m[0], folder), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

const unwritable = (dir: string, why: string): StoreError =>
  new StoreError(
    'unwritable',
    `Phedds cannot write its data folder ${dir}: ${why}. Give it a folder it may write with --data-dir (or PHEDDS_DATA_DIR), or fix that folder's permissions.`,
  );

/** Turns SQLite's failures into the four things a person can act on. */
function translate(err: unknown, dir: string, file: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: string }).code ?? '';
  const msg = (err as Error).message;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(
      'corrupt',
      `The database ${file} is damaged or is not a Phedds database (${msg}). Restore it from a backup, or move it away to start afresh (accounts, tokens and the audit log in it are then lost).`,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      'locked',
      `The data folder ${dir} is in use: another Phedds (or another program) holds its database. Stop that one, or give this console its own folder with --data-dir.`,
    );
  }
  return unwritable(dir, msg);
}

/**
 * Opens (creating when needed) the database in `dataDir` and brings its schema up to date.
 * The folder is held exclusively while open, so two consoles never share one set of sessions.
 * Throws a StoreError whose message says what to do when the folder cannot be used.
 */
export function openStore(dataDir: string, opts: StoreOptions = {}): Store {
  const dir = resolve(dataDir);
  const file = join(dir, DB_FILE);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw unwritable(dir, e.code === 'ENOTDIR' || e.code === 'EEXIST' ? 'a part of that path is a file, not a folder' : e.message);
  }
  if (!statSync(dir).isDirectory()) throw unwritable(dir, 'it is a file, not a folder');
  // Permission bits do not stop root, but a read-only mount or a full disk does: find out now.
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    writeFileSync(probe, 'ok');
    unlinkSync(probe);
  } catch (err) {
    throw unwritable(dir, (err as Error).message);
  }

  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: opts.lockTimeoutMs ?? 2000 });
    // Exclusive: one console per folder; sessions are revoked in this process's memory too.
    db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
    if (mode !== 'wal') throw unwritable(dir, `the database could not switch to write-ahead logging (it says "${mode}")`);
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw new StoreError('corrupt', `The database ${file} is damaged (${check}). Restore it from a backup.`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const version = migrate(db, opts.migrations ?? loadMigrations(), file);
    chmodSync(file, 0o600);
    const handle = db;
    return {
      db: handle,
      dir,
      file,
      version,
      backup: async (dest) => {
        await handle.backup(dest);
      },
      close: () => handle.close(),
    };
  } catch (err) {
    db?.close();
    throw translate(err, dir, file);
  }
}

/** Applies the migrations newer than the database, each in its own transaction; returns the version. */
function migrate(db: Database.Database, migrations: Migration[], file: string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new StoreError(
      'too_new',
      `The database ${file} was written by a newer Phedds (schema ${current}; this one knows up to ${latest}). Run that newer version, or restore a backup made by this one.`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    })();
  }
  return Math.max(current, latest);
}
