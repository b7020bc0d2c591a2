import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from './data-dir.ts';
import { SecretBox } from './secrets.ts';
import { DB_FILE, loadMigrations, openStore, StoreError, type Store } from './store.ts';

let root: string;
const open: Store[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'phedds-store-'));
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  rmSync(root, { recursive: true, force: true });
});

function openTracked(dir: string, opts?: Parameters<typeof openStore>[1]): Store {
  const s = openStore(dir, opts);
  open.push(s);
  return s;
}

function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected a StoreError');
}

describe('openStore', () => {
  it('creates the folder and database, applies the migrations and uses WAL', () => {
    const dir = join(root, 'a', 'b');
    const s = openTracked(dir);
    expect(s.version).toBe(loadMigrations().at(-1)!.version);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, DB_FILE)).mode & 0o777).toBe(0o600);
    const tables = s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'api_tokens', 'settings', 'audit', 'schema_migrations']));
  });

  it('keeps its data across restarts and does not re-run migrations', () => {
    const s = openStore(root);
    s.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '\"v\"', 1)").run();
    s.close();
    const again = openTracked(root);
    expect(again.db.prepare("SELECT value FROM settings WHERE key = 'k'").pluck().get()).toBe('"v"');
    expect(again.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(loadMigrations().length);
  });

  it('refuses a file that is not a database, and says so', () => {
    writeFileSync(join(root, DB_FILE), 'this is not sqlite, just some text that happens to be here\n'.repeat(100));
    const e = storeError(() => openStore(root));
    expect(e.problem).toBe('corrupt');
    expect(e.message).toContain(join(root, DB_FILE));
    expect(e.message).toMatch(/Restore it from a backup/);
  });

  it('refuses a database whose pages were damaged', () => {
    const s = openStore(root);
    const insert = s.db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 1)');
    for (let i = 0; i < 500; i++) insert.run(`key-${i}`, 'x'.repeat(200));
    s.close();
    const fd = openSync(join(root, DB_FILE), 'r+');
    // Page 1 stays valid (so SQLite opens the file); the pages after it become noise.
    writeSync(fd, Buffer.alloc(40_000, 0xa5), 0, 40_000, 4096 * 2);
    closeSync(fd);
    const e = storeError(() => openStore(root));
    expect(e.problem).toBe('corrupt');
  });

  it('refuses a folder below a file, a folder that is a file, and a database that is a folder', () => {
    writeFileSync(join(root, 'plain-file'), 'x');
    const under = storeError(() => openStore(join(root, 'plain-file', 'data')));
    expect(under.problem).toBe('unwritable');
    expect(under.message).toMatch(/--data-dir/);
    expect(under.message).toMatch(/is a file, not a folder/);

    const file = storeError(() => openStore(join(root, 'plain-file')));
    expect(file.problem).toBe('unwritable');

    mkdirSync(join(root, 'db-is-dir', DB_FILE), { recursive: true });
    const dirDb = storeError(() => openStore(join(root, 'db-is-dir')));
    expect(dirDb.problem).toBe('unwritable');
  });

  it('refuses a folder another console holds, and opens it once that one closes', () => {
    const first = openStore(root);
    const e = storeError(() => openStore(root, { lockTimeoutMs: 50 }));
    expect(e.problem).toBe('locked');
    expect(e.message).toMatch(/another Phedds/);
    first.close();
    expect(openTracked(root).version).toBeGreaterThan(0);
  });

  it('refuses a database from a newer version', () => {
    const s = openStore(root);
    s.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, 1)').run('future');
    s.close();
    const e = storeError(() => openStore(root));
    expect(e.problem).toBe('too_new');
    expect(e.message).toMatch(/newer Phedds/);
  });

  it('applies a failing migration not at all', () => {
    const migrations = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER);' },
      { version: 2, name: 'two', sql: 'CREATE TABLE two (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => openStore(root, { migrations })).toThrow(StoreError);
    const s = openTracked(root, { migrations: migrations.slice(0, 1) });
    expect(s.version).toBe(1);
    const tables = s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toContain('one');
    expect(tables).not.toContain('two');
  });

  it('keeps the audit table append-only even for direct SQL', () => {
    const s = openTracked(root);
    s.db.prepare("INSERT INTO audit (at, action, result) VALUES (1, 'x', 'ok')").run();
    expect(() => s.db.prepare("UPDATE audit SET result = 'failed'").run()).toThrow(/append-only/);
    expect(() => s.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(s.db.prepare('SELECT result FROM audit').pluck().all()).toEqual(['ok']);
  });

  it('backs up a consistent copy while open', async () => {
    const s = openTracked(root);
    s.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('b', '1', 1)").run();
    const dest = join(root, 'copy.db');
    await s.backup(dest);
    const copy = new Database(dest, { readonly: true });
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'b'").pluck().get()).toBe('1');
    copy.close();
  });
});

describe('SecretBox', () => {
  it('round-trips, keeps its key in a private file, and refuses another key', () => {
    const box = SecretBox.open(root);
    const sealed = box.seal('bind-password');
    expect(sealed).not.toContain('bind-password');
    expect(box.open(sealed)).toBe('bind-password');
    expect(SecretBox.open(root).open(sealed)).toBe('bind-password');
    expect(statSync(join(root, 'secret.key')).mode & 0o777).toBe(0o600);
    const other = mkdtempSync(join(tmpdir(), 'phedds-store-'));
    try {
      expect(SecretBox.open(other).open(sealed)).toBeUndefined();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    expect(box.open('v1:AAAA')).toBeUndefined();
    expect(readFileSync(join(root, 'secret.key')).length).toBe(32);
  });
});

describe('data folder', () => {
  it('follows XDG, else ~/.local/share, and the flag and env win', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x/data' }, '/home/u', 'linux')).toBe('/x/data/phedds');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative' }, '/home/u', 'linux')).toBe('/home/u/.local/share/phedds');
    expect(defaultDataDir({}, '/home/u', 'linux')).toBe('/home/u/.local/share/phedds');
    expect(defaultDataDir({}, '/Users/u', 'darwin')).toBe('/Users/u/Library/Application Support/Phedds');
    expect(resolveDataDir('/flag', { PHEDDS_DATA_DIR: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { PHEDDS_DATA_DIR: '/env' })).toBe('/env');
    expect(existsSync(resolveDataDir(undefined, { XDG_DATA_HOME: root }))).toBe(false);
  });
});
