import type { Role } from '@phedds/shared';
import type { Page } from 'playwright-core';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningConsole {
  url: string;
  proc: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
  /** The session cookie (`name=value`) of the first admin, created through the printed setup link. */
  adminCookie: string;
  /** The first-run link the console printed (when its data folder had no account). */
  setupLink: string | undefined;
  /** A REST call as the admin, or as a signed-in account of another role. */
  api(method: string, path: string, body?: unknown, as?: Role): Promise<{ status: number; json: Record<string, unknown> }>;
  /** Creates (once per role) and signs in an account of that role; its session cookie. */
  login(role: Role): Promise<string>;
  /** Puts a session of that role (default admin) into the page's browser context, as a sign-in would. */
  signIn(page: Page, role?: Role): Promise<void>;
}

export const E2E_ADMIN = { username: 'admin', password: 'e2e admin passphrase' };

function cookieOf(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => /^(__Host-)?phedds_session=/.test(c));
  if (!set) throw new Error(`no session cookie in the answer (HTTP ${res.status})`);
  return set.split(';')[0]!;
}

async function post(url: string, path: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

/** Starts the real `phedds` binary on a free port against the test engine, as a user would. */
export async function startConsole(extraArgs: string[] = [], opts: { setup?: boolean } = {}): Promise<RunningConsole> {
  const webRoot = process.env.PHEDDS_WEB_ROOT ?? `${ROOT}packages/web/dist`;
  if (!existsSync(`${webRoot}/index.html`)) {
    throw new Error(`${webRoot} has no built web app: run \`npm run build\` first (npm test does it)`);
  }
  if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST is not set: run through `npm test`, which starts an engine');
  // A fresh data folder unless the test names one: every console starts with no account.
  const ownData = !extraArgs.includes('--data-dir') ? mkdtempSync(join(tmpdir(), 'phedds-e2e-data-')) : undefined;
  const args = ownData ? [...extraArgs, '--data-dir', ownData] : extraArgs;
  // Host shells start in an empty HOME: the machine's own rc files (a version manager's init that
  // waits a minute on a lock a killed shell left behind, say) must neither slow nor change them.
  const home = mkdtempSync(join(tmpdir(), 'phedds-e2e-home-'));
  const proc = spawn(process.execPath, [`${ROOT}packages/server/bin/phedds.js`, '--listen', '127.0.0.1:0', '--quiet', ...args], {
    env: { ...process.env, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console did not start within 30 s:\n${out}`)), 30_000);
    proc.stdout.on('data', () => {
      const m = /running at (http:\/\/\S+?)\/? /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`console exited with ${code}:\n${out}`)));
  });
  // The setup link is printed with the address (one write) when the data folder has no account yet.
  const setupLink = /(http:\/\/\S+\/setup#token=\S+)/.exec(out)?.[1];
  const token = /\/setup#token=(\S+)/.exec(out)?.[1];
  let adminCookie = '';
  if (opts.setup === false) {
    // The test creates the first admin itself, through the page.
  } else if (token) {
    const res = await post(url, '/api/auth/setup', { token: decodeURIComponent(token), ...E2E_ADMIN });
    if (res.status !== 201) throw new Error(`first-run setup → ${res.status} ${await res.text()}`);
    adminCookie = cookieOf(res);
  } else {
    const res = await post(url, '/api/auth/login', E2E_ADMIN);
    if (res.status !== 200) throw new Error(`admin sign-in → ${res.status} ${await res.text()}`);
    adminCookie = cookieOf(res);
  }
  const cookies = new Map<Role, string>([['admin', adminCookie]]);
  const api: RunningConsole['api'] = async (method, path, body, as = 'admin') => {
    const cookie = as === 'admin' ? adminCookie : await login(as);
    const res = await fetch(url + path, {
      method,
      headers: { origin: url, cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const login = async (role: Role): Promise<string> => {
    const known = cookies.get(role);
    if (known) return known;
    const username = `e2e-${role}`;
    const password = `${role} e2e passphrase`;
    const made = await post(url, '/api/users', { username, password, role }, adminCookie);
    if (made.status !== 201) throw new Error(`creating ${username} → ${made.status} ${await made.text()}`);
    const res = await post(url, '/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`sign-in of ${username} → ${res.status} ${await res.text()}`);
    const cookie = cookieOf(res);
    cookies.set(role, cookie);
    return cookie;
  };
  return {
    url,
    proc,
    adminCookie,
    setupLink,
    api,
    login,
    async signIn(page, role = 'admin') {
      const [name, ...value] = (await login(role)).split('=');
      await page.context().addCookies([{ name: name!, value: value.join('='), url }]);
    },
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          if (ownData) rmSync(ownData, { recursive: true, force: true });
          rmSync(home, { recursive: true, force: true });
          resolve();
        };
        if (proc.exitCode !== null) return done();
        proc.once('exit', done);
        proc.kill('SIGTERM');
      }),
  };
}
