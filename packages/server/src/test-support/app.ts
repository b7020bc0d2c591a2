import type { Role } from '@phedds/shared';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type AppConfig, type PhedsApp } from '../app.ts';
import { dockerHost, removeTestContainers } from './docker-cli.ts';

/** A signed-in caller of a test console: its cookie and the calls it makes with it. */
export interface TestCaller {
  username: string;
  role: Role;
  /** `cookie` and `origin`: what the console's own page sends. */
  headers: Record<string, string>;
  /** A REST call as this caller; the body, when given, is sent as JSON; `headers` add or override. */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  /** `fetch` of a console path with this caller's headers added. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export interface TestConsole extends PhedsApp, TestCaller {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** `ws://127.0.0.1:<port>` */
  wsBase: string;
  /** Creates an account of that role (once per role) and signs it in. */
  login(role: Role): Promise<TestCaller>;
  /** Closes the console and deletes its data folder. */
  close(): Promise<void>;
}

export const TEST_ADMIN = { username: 'admin', password: 'test admin passphrase' };

function caller(base: string, username: string, role: Role, cookie: string): TestCaller {
  const headers = { cookie, origin: base };
  const fetchAs = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(base + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
  return {
    username,
    role,
    headers,
    fetch: fetchAs,
    async api(method, path, body, extra = {}) {
      const res = await fetchAs(path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...extra },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        json = { text };
      }
      return { status: res.status, json };
    },
  };
}

/** The session cookie a sign-in answered with, as a `cookie` request header. */
export function sessionCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('phedds_session=') || c.startsWith('__Host-phedds_session='));
  if (!set) throw new Error(`no session cookie in the answer (HTTP ${res.status})`);
  return set.split(';')[0]!;
}

/** Signs in through the API, as the page does. */
export async function signIn(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} → ${res.status} ${await res.text()}`);
  return sessionCookie(res);
}

/**
 * The console in-process on a free loopback port, connected to the test engine and ready, with a
 * fresh data folder whose first admin is created through the setup link's token; the console
 * itself acts as that admin (`api`, `fetch`, `headers`), and `login(role)` gives other callers.
 */
export async function startTestConsole(cfg: Partial<AppConfig> = {}): Promise<TestConsole> {
  const built = await buildApp({ engineAddress: dockerHost(), ...cfg });
  built.engine.start();
  await built.engine.ready;
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (built.app.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  let cookie: string;
  const token = built.auth.auth.issueSetupToken();
  if (token) {
    const res = await fetch(`${base}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ token, ...TEST_ADMIN }),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`first-run setup → ${res.status} ${await res.text()}`);
    cookie = sessionCookie(res);
  } else {
    cookie = await signIn(base, TEST_ADMIN.username, TEST_ADMIN.password);
  }
  const admin = caller(base, TEST_ADMIN.username, 'admin', cookie);
  const made = new Map<Role, TestCaller>();
  return {
    ...built,
    ...admin,
    base,
    wsBase: `ws://127.0.0.1:${port}`,
    async login(role) {
      if (role === 'admin') return admin;
      const known = made.get(role);
      if (known) return known;
      const username = `test-${role}`;
      const password = `${role} test passphrase`;
      const r = await admin.api('POST', '/api/users', { username, password, role });
      if (r.status !== 201) throw new Error(`creating ${username} → ${r.status} ${JSON.stringify(r.json)}`);
      const c = caller(base, username, role, await signIn(base, username, password));
      made.set(role, c);
      return c;
    },
    async close() {
      await built.app.close();
      if (cfg.dataDir === undefined) rmSync(built.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A test file's console: the engine cleaned (by default, of the test containers), a console started
 * before the file's tests (handed to `use`), and both cleaned up after them — `clean` runs before
 * the console starts and again after it closed.
 */
export function useTestConsole(
  use: (con: TestConsole) => void,
  cfg: Partial<AppConfig> = {},
  clean: () => Promise<void> = removeTestContainers,
): void {
  let con: TestConsole | undefined;
  beforeAll(async () => {
    await clean();
    con = await startTestConsole(cfg);
    use(con);
  });
  afterAll(async () => {
    await con?.close();
    await clean();
  });
}
