import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningConsole {
  url: string;
  proc: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the real `phedds` binary on a free port against the test engine, as a user would. */
export async function startConsole(extraArgs: string[] = []): Promise<RunningConsole> {
  const webRoot = process.env.PHEDDS_WEB_ROOT ?? `${ROOT}packages/web/dist`;
  if (!existsSync(`${webRoot}/index.html`)) {
    throw new Error(`${webRoot} has no built web app: run \`npm run build\` first (npm test does it)`);
  }
  if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST is not set: run through `npm test`, which starts an engine');
  const proc = spawn(process.execPath, [`${ROOT}packages/server/bin/phedds.js`, '--listen', '127.0.0.1:0', '--quiet', ...extraArgs], {
    env: process.env,
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
  return {
    url,
    proc,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
