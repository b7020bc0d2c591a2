import { isStackName, type StackFile, type StackTarget, type StackVersionInfo } from '@phedds/shared';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, lstatSync, existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

export const COMPOSE_FILE = 'docker-compose.yml';
export const ENV_FILE = '.env';

interface StackState {
  target: StackTarget;
  /** The version running now, if any. */
  current?: number;
  /** Highest version number ever written. */
  last: number;
}

/**
 * Stack files in the data folder, as plain files (no database): `<dataDir>/stacks/<name>/` holds
 * the deployed `docker-compose.yml` and `.env` (the folder is the project's working folder, so
 * `docker compose` run there sees the same project), and `versions/<n>/` every deployed or
 * attempted version with its `meta.json`. Writes go to a temporary file then a rename, so a
 * crash never leaves half a file.
 */
export class StackStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'stacks');
  }

  /** The stack's folder; refuses any name that is not a stack name, so nothing escapes `root`. */
  dir(name: string): string {
    if (!isStackName(name)) throw new Error(`invalid stack name ${JSON.stringify(name)}`);
    const d = resolve(this.root, name);
    if (!d.startsWith(this.root + sep)) throw new Error(`stack folder outside ${this.root}`);
    return d;
  }

  /** Names of the stacks with a kept file. */
  names(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.isSymbolicLink() && isStackName(e.name) && existsSync(join(this.root, e.name, 'state.json')))
      .map((e) => e.name)
      .sort();
  }

  state(name: string): StackState | undefined {
    return this.readJson<StackState>(join(this.dir(name), 'state.json'));
  }

  /** The file deployed now (or last, for a stack taken down). */
  current(name: string): { file: StackFile; info: StackVersionInfo } | undefined {
    const st = this.state(name);
    return st?.current !== undefined ? this.version(name, st.current) : undefined;
  }

  versions(name: string): StackVersionInfo[] {
    const d = join(this.dir(name), 'versions');
    if (!existsSync(d)) return [];
    return readdirSync(d)
      .filter((v) => /^\d{1,9}$/.test(v))
      .map((v) => this.readJson<StackVersionInfo>(join(d, v, 'meta.json')))
      .filter((v): v is StackVersionInfo => v !== undefined)
      .sort((a, b) => b.version - a.version);
  }

  version(name: string, version: number): { file: StackFile; info: StackVersionInfo } | undefined {
    if (!Number.isInteger(version) || version < 1) return undefined;
    const d = join(this.dir(name), 'versions', String(version));
    const info = this.readJson<StackVersionInfo>(join(d, 'meta.json'));
    if (!info) return undefined;
    return { file: { compose: this.readText(join(d, COMPOSE_FILE)) ?? '', env: this.readText(join(d, ENV_FILE)) ?? '' }, info };
  }

  /** Keeps a version; a deployed one also becomes the stack's current file. Returns its number. */
  record(name: string, file: StackFile, info: Omit<StackVersionInfo, 'version'>): number {
    const dir = this.dir(name);
    mkdirSync(join(dir, 'versions'), { recursive: true, mode: 0o700 });
    const st = this.state(name) ?? { target: info.target, last: 0 };
    const version = st.last + 1;
    const vdir = join(dir, 'versions', String(version));
    mkdirSync(vdir, { mode: 0o700 });
    this.write(join(vdir, COMPOSE_FILE), file.compose);
    this.write(join(vdir, ENV_FILE), file.env);
    this.write(join(vdir, 'meta.json'), JSON.stringify({ ...info, version }, null, 2));
    const next: StackState = { ...st, last: version };
    if (info.result === 'deployed') {
      next.current = version;
      next.target = info.target;
      this.write(join(dir, COMPOSE_FILE), file.compose);
      this.write(join(dir, ENV_FILE), file.env);
    }
    this.write(join(dir, 'state.json'), JSON.stringify(next, null, 2));
    return version;
  }

  /** Prepares the folder before a deploy (relative paths and env files are read from it). */
  ensure(name: string): string {
    const dir = this.dir(name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  private write(path: string, text: string): void {
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, path);
  }

  private readText(path: string): string | undefined {
    try {
      if (lstatSync(path).isSymbolicLink()) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  private readJson<T>(path: string): T | undefined {
    const t = this.readText(path);
    if (t === undefined) return undefined;
    try {
      return JSON.parse(t) as T;
    } catch {
      return undefined;
    }
  }
}
