import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's client when present (it matches the engine the scripts install), else whatever is on PATH. */
export const DOCKER_BIN = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

export function dockerHost(): string {
  const h = process.env.DOCKER_HOST;
  if (!h) throw new Error('DOCKER_HOST is not set: run the tests through `npm test`, which starts an engine, or export DOCKER_HOST');
  return h;
}

/** Runs the real docker CLI against the test engine; argv only, never a shell string. */
export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run(DOCKER_BIN, ['-H', dockerHost(), ...args], { maxBuffer: 16 << 20 });
  return stdout.trim();
}

/** Every container the tests create carries this label so cleanup never touches anything else. */
export const TEST_LABEL = 'phedds.test=1';

export async function removeTestContainers(): Promise<void> {
  const ids = (await docker('ps', '-aq', '--filter', `label=${TEST_LABEL}`)).split('\n').filter(Boolean);
  if (ids.length) await docker('rm', '-f', ...ids);
}

/** `docker ps -a` as id → state, the ground truth the inventory must match. */
export async function psAll(): Promise<Map<string, string>> {
  const out = await docker('ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.State}}');
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]),
  );
}

/** Polls `check` until it returns true; the deadline guards against hangs, it is not a timing goal. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`still not true after ${deadlineMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
