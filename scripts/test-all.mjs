#!/usr/bin/env node
// Runs every check and test suite in order, against a private Docker engine and Debian's chromium
// that it brings up itself, and ends with one line "N passed, N failed" summing all suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const results = [];
const env = { ...process.env };

function run(cmd, args, opts = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', env, encoding: 'utf8' });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', seconds: (Date.now() - t0) / 1000 };
}

function banner(title) {
  process.stdout.write(`\n=== ${title} ===\n`);
}

/** A check with no test count of its own (lint, typecheck) counts as one test. */
function check(name, cmd, args) {
  banner(name);
  const r = run(cmd, args);
  results.push({ name, passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1, seconds: r.seconds });
  return r.code === 0;
}

function vitest(project) {
  banner(`${project} tests`);
  const file = join(out, `${project}.json`);
  const r = run('npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  let passed = 0;
  let failed = 0;
  if (existsSync(file)) {
    const j = JSON.parse(readFileSync(file, 'utf8'));
    passed = j.numPassedTests;
    // A file that fails to load has no failed test but a failed suite: count it.
    failed = j.numFailedTests + j.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
    if (j.numPendingTests + j.numTodoTests > 0) {
      process.stdout.write(`${project}: ${j.numPendingTests + j.numTodoTests} skipped test(s) count as failed\n`);
      failed += j.numPendingTests + j.numTodoTests;
    }
  }
  if (r.code !== 0 && failed === 0) failed = 1; // the runner itself failed
  if (passed + failed === 0) failed = 1; // a suite that ran nothing is a failure
  results.push({ name: `${project} tests`, passed, failed, seconds: r.seconds });
}

function setup(name, cmd, args) {
  banner(name);
  const r = run(cmd, args, { capture: true });
  process.stdout.write(r.stdout);
  if (r.code !== 0) results.push({ name, passed: 0, failed: 1, seconds: r.seconds });
  return r;
}

check('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('format', 'npx', ['prettier', '--check', '.']);
vitest('unit');

// Everything below runs against a real engine: always a private one, so that the tests may
// restart it without touching an engine someone else uses.
env.PHEDDS_PRIVATE_ENGINE = '1';
env.PHEDDS_ENGINE_DIR = env.PHEDDS_TEST_ENGINE_DIR ?? '/tmp/phedds-test-engine';
const up = setup('engine', 'bash', ['scripts/engine-up.sh']);
const hostLine = up.stdout.trim().split('\n').pop() ?? '';
if (up.code === 0 && hostLine.startsWith('DOCKER_HOST=')) env.DOCKER_HOST = hostLine.slice('DOCKER_HOST='.length);

const browser = setup('chromium', 'bash', ['scripts/ensure-chromium.sh']);
const web = setup('web build', 'npm', ['run', '--silent', 'build']);

vitest('integration');
if (browser.code === 0 && web.code === 0) vitest('e2e');
else results.push({ name: 'e2e tests', passed: 0, failed: 1, seconds: 0 });

if (!process.env.PHEDDS_KEEP_ENGINE) run('bash', ['scripts/engine-down.sh'], { capture: true });

banner('summary');
let passed = 0;
let failed = 0;
for (const r of results) {
  passed += r.passed;
  failed += r.failed;
  process.stdout.write(
    `${r.name.padEnd(20)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed ${r.seconds.toFixed(1).padStart(7)} s\n`,
  );
}
const summary = `${passed} passed, ${failed} failed`;
writeFileSync(join(out, 'summary.txt'), summary + '\n');
process.stdout.write(summary + '\n');
process.exit(failed === 0 ? 0 : 1);
