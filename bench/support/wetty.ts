import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** wetty lives outside the repository: it is only a yardstick, never a dependency. */
export const WETTY_DIR = process.env.PHEDDS_BENCH_WETTY_DIR ?? '/tmp/phedds-bench-wetty';
export const WETTY_VERSION = '3.2.0';
const MAIN = `${WETTY_DIR}/node_modules/wetty/build/main.js`;
const PTY = `${WETTY_DIR}/node_modules/node-pty/build/Release/pty.node`;

export interface Baseline {
  name: 'wetty' | 'ws+node-pty';
  label: string;
  url: string;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Installs wetty (and builds its node-pty) once; the reason when that is not possible here. */
export function ensureWetty(log: (m: string) => void): { ok: true } | { ok: false; reason: string } {
  if (existsSync(MAIN) && existsSync(PTY)) return { ok: true };
  log(`installing wetty@${WETTY_VERSION} into ${WETTY_DIR} (once; node-pty is compiled)…`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', WETTY_DIR, `wetty@${WETTY_VERSION}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (r.status !== 0)
    return {
      ok: false,
      reason: `npm install wetty failed (${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`,
    };
  if (!existsSync(PTY)) return { ok: false, reason: 'wetty installed, but its node-pty did not build' };
  return { ok: true };
}

function stopper(proc: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
}

/** Starts wetty on a free loopback port running a local /bin/sh (no SSH); resolves once it answers. */
export async function startWetty(): Promise<Baseline> {
  const port = await freePort();
  const proc = spawn(
    process.execPath,
    [MAIN, '--host', '127.0.0.1', '--port', String(port), '--command', '/bin/sh', '--log-level', 'warn'],
    {
      cwd: WETTY_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const stop = stopper(proc);
  const end = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`wetty exited with ${proc.exitCode}: ${out.slice(-500)}`);
    try {
      const res = await fetch(url);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) {
      await stop();
      throw new Error(`wetty did not answer at ${url} within 20 s: ${out.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { name: 'wetty', label: `wetty ${WETTY_VERSION}`, url, stop };
}
