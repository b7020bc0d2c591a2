import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startTestConsole, useTestConsole, type TestConsole } from './test-support/app.ts';
import { docker, eventually, psAll, TEST_LABEL } from './test-support/docker-cli.ts';
import { LiveClient } from './test-support/live-client.ts';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;

let built: TestConsole;
let base: string;

useTestConsole((c) => {
  built = c;
  base = c.base;
});

describe('engine restart', () => {
  it('shows the engine down, reconnects, replays and reconciles to exactly docker ps -a', async () => {
    const c = await LiveClient.open(base.replace('http', 'ws') + '/api/live', built);
    c.sub('engine');
    c.sub('containers');
    // A container that keeps dying and restarting: events flow right up to the restart.
    await docker('run', '-d', '--name', 'rs-churn', '--restart', 'always', '--label', TEST_LABEL, 'busybox:local', 'sh', '-c', 'sleep 0.2');
    await docker('run', '-d', '--name', 'rs-steady', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    const gone = await docker('run', '-d', '--name', 'rs-gone', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => c.stateOf('rs-steady') === 'running' && c.stateOf('rs-gone') === 'running', 'containers seen');

    // Restart the private engine (the script refuses to touch an engine it did not start).
    await run('bash', [`${root}scripts/engine-restart.sh`], { env: process.env });
    // Changes right after the engine comes back race with the console's reconnect.
    await docker('rm', '-f', gone);
    await docker('create', '--name', 'rs-new', '--label', TEST_LABEL, 'busybox:local', 'true');
    await docker('update', '--restart', 'no', 'rs-churn');

    await eventually(() => c.engine?.state === 'up' && c.engineStates.includes('down'), 'engine seen down, then up again', 60_000);
    // Quiesce the churn, then the console must equal the engine exactly.
    await docker('rm', '-f', 'rs-churn');
    const same = async (): Promise<boolean> => {
      const truth = await psAll();
      const inv = built.engine.containers.list();
      return inv.length === truth.size && inv.every((x) => truth.get(x.id) === x.state) && c.containers.size === truth.size;
    };
    await eventually(same, 'inventory and socket client equal docker ps -a', 30_000);
    expect(c.stateOf('rs-new')).toBe('created');
    expect(c.containers.has(gone)).toBe(false);
    // Without live-restore the engine stopped the steady container; the console must know.
    expect(c.stateOf('rs-steady')).toBe(await docker('inspect', '-f', '{{.State.Status}}', 'rs-steady'));
    c.close();
  });
});

describe('engine gone', () => {
  it('answers 503 at once with a message that says what to do', async () => {
    const dead = await startTestConsole({ engineAddress: 'unix:///tmp/phedds-no-engine-here.sock' });
    const url = dead.base;
    try {
      const health = (await (await fetch(url + '/api/health')).json()) as { engine: { state: string; error: string } };
      expect(health.engine.state).toBe('down');
      expect(health.engine.error).toContain('phedds-no-engine-here.sock');
      const r = await dead.fetch('/api/containers/anything/start', { method: 'POST' });
      expect(r.status).toBe(503);
      const body = (await r.json()) as { error: string; message: string };
      expect(body.error).toBe('engine_unreachable');
      expect(body.message).toMatch(/engine:up|DOCKER_HOST/);
    } finally {
      await dead.close();
    }
  });
});
