#!/usr/bin/env node
// Runs a command with an engine, Debian's chromium and the built web app ready:
// used by the benchmarks, so that `npm run bench:*` works on a fresh machine too.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  process.stderr.write('usage: with-engine.mjs COMMAND [ARGS…]\n');
  process.exit(2);
}
const env = { ...process.env };
const up = spawnSync('bash', [join(root, 'scripts/engine-up.sh')], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
});
const last = (up.stdout ?? '').trim().split('\n').pop() ?? '';
if (up.status !== 0 || !last.startsWith('DOCKER_HOST=')) {
  process.stderr.write('could not bring up a Docker engine (see above)\n');
  process.exit(1);
}
env.DOCKER_HOST = last.slice('DOCKER_HOST='.length);
const must = (c, a) => {
  const r = spawnSync(c, a, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
must('bash', [join(root, 'scripts/ensure-chromium.sh')]);
const webRoot = env.PHEDDS_WEB_ROOT ?? join(root, 'packages/web/dist');
if (!existsSync(join(webRoot, 'index.html')))
  must(join(root, 'node_modules/.bin/vite'), ['build', 'packages/web', '--outDir', webRoot, '--emptyOutDir', '--logLevel', 'warn']);
const r = spawnSync(join(root, 'node_modules/.bin', cmd), args, { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
