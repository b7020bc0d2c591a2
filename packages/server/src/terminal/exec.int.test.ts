import type { ApiError } from '@phedds/shared';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole } from '../test-support/app.ts';
import { docker, eventually, removeTestContainers, TEST_LABEL } from '../test-support/docker-cli.ts';
import { terminalApi } from '../test-support/terminal-client.ts';

const run = promisify(execFile);
/** An image with no shell at all: one static busybox at /busybox, nothing at /bin. */
const NO_SHELL_IMAGE = 'phedds-test/no-shell:local';

let con: TestConsole;
let api: ReturnType<typeof terminalApi>;

/** The processes `docker top` sees in a container: after a terminal ended, only its main process. */
async function topCount(container: string): Promise<number> {
  const out = await docker('top', container, '-o', 'pid');
  return out.split('\n').length - 1;
}

async function runBusybox(name: string): Promise<string> {
  const id = await docker('run', '-d', '--name', name, '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
  await eventually(() => con.engine.containers.get(id)?.state === 'running', `${name} running in the inventory`);
  return id;
}

beforeAll(async () => {
  await removeTestContainers();
  const dir = await mkdtemp(join(tmpdir(), 'phedds-noshell-'));
  try {
    await copyFile('/bin/busybox', join(dir, 'busybox'));
    await run('tar', ['-C', dir, '-cf', join(dir, 'rootfs.tar'), 'busybox']);
    await docker('import', '--change', 'CMD ["/busybox","sleep","600"]', join(dir, 'rootfs.tar'), NO_SHELL_IMAGE);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  con = await startTestConsole();
  api = terminalApi(con);
});

afterAll(async () => {
  await con.close();
  await removeTestContainers();
  await docker('rmi', '-f', NO_SHELL_IMAGE).catch(() => undefined);
});

describe('exec terminals on a real engine', () => {
  it('opens a shell with a TTY that follows resizes and takes stdin', async () => {
    const id = await runBusybox('int-term-shell');
    const t0 = performance.now();
    const info = await api.create({ kind: 'exec', container: 'int-term-shell' });
    const created = performance.now();
    expect(info).toMatchObject({ kind: 'exec', containerId: id, containerName: 'int-term-shell', command: ['/bin/sh'], attached: false });
    expect(info.title).toBe('int-term-shell: /bin/sh');
    const c = await api.attach(info.id);
    expect(c.control('attached')?.session.id).toBe(info.id);
    await c.waitFor(/\/ # /, 'prompt');
    const prompt = performance.now();

    c.resize(120, 40);
    // The size reaches the TTY through a call to the engine, typed text straight through the
    // stream: ask again until the answer shows the new size (a deadline, not a measurement).
    let asked = 0;
    await eventually(
      async () => {
        c.type(`echo SZ${++asked}=$(stty size)\n`);
        return (await c.waitFor(new RegExp(`^SZ${asked}=(\\d+ \\d+)\\r?$`, 'm'), 'stty size')) === '40 120';
      },
      'the TTY is 120×40',
      5000,
    );

    // Round trips: one keystroke and its echo by the TTY; one line and the shell's answer.
    const keys: number[] = [];
    const lines: number[] = [];
    for (let i = 0; i < 20; i++) {
      let t = performance.now();
      const seen = c.output.length;
      c.type('x');
      await c.until(() => (c.output.indexOf('x', seen) >= 0 ? true : undefined), 'echoed keystroke');
      keys.push(performance.now() - t);
      c.type('\x7f'); // rub it out again
      t = performance.now();
      c.type(`echo hi-$((6*7+${i}))\n`);
      await c.waitFor(new RegExp(`^hi-${42 + i}\\r?$`, 'm'), `hi-${42 + i}`);
      lines.push(performance.now() - t);
    }
    const median = (a: number[]): string => a.sort((x, y) => x - y)[a.length >> 1]!.toFixed(2);
    process.stdout.write(
      `[exec] POST ${(created - t0).toFixed(1)} ms, prompt ${(prompt - t0).toFixed(1)} ms after it; keystroke echo median ${median(keys)} ms, line round trip median ${median(lines)} ms\n`,
    );

    c.type('exit 3\n');
    const closed = await c.waitClosed();
    expect(closed.code).toBe(1000);
    expect(c.control('exit')).toEqual({ type: 'exit', code: 3 });
    // Told to its socket, the ended session is gone from the list.
    expect((await api.list()).some((t) => t.id === info.id)).toBe(false);
    // The clean-up after an exit runs a kill script in the container, which `docker top` may catch.
    await eventually(async () => (await topCount('int-term-shell')) === 1, 'only the container’s own process left', 5000);
  });

  it('runs a given argv as it is, with no shell in between', async () => {
    await runBusybox('int-term-argv');
    const info = await api.create({ kind: 'exec', container: 'int-term-argv', command: ['echo', '$HOME;', 'not', '`expanded`'] });
    const c = await api.attach(info.id);
    await c.waitFor(/\$HOME; not `expanded`/);
    await c.waitClosed();
    expect(c.control('exit')?.code).toBe(0);
  });

  it('DELETE ends the exec and everything it started; nothing is left in the container', async () => {
    await runBusybox('int-term-delete');
    const info = await api.create({ kind: 'exec', container: 'int-term-delete' });
    const c = await api.attach(info.id);
    c.type('sleep 1000 & yes > /dev/null\n');
    await eventually(async () => (await topCount('int-term-delete')) >= 4, 'shell, sleep and yes running');
    const r = await api.remove(info.id);
    expect(r.status).toBe(200);
    expect(await topCount('int-term-delete')).toBe(1);
    await c.waitClosed();
    expect(c.control('exit')).toBeDefined();
    expect((await api.remove(info.id)).status).toBe(404);
  });

  it('a client that vanishes is re-attachable, with replay, until the grace period ends it', async () => {
    const short = await startTestConsole({ terminalGraceMs: 300 });
    const sapi = terminalApi(short);
    try {
      await eventually(() => short.engine.containers.find('int-term-delete') !== undefined, 'inventory');
      const info = await sapi.create({ kind: 'exec', container: 'int-term-delete' });
      const a = await sapi.attach(info.id);
      a.type('echo before-$((1+1))\n');
      await a.waitFor(/^before-2\r?$/m);
      a.ws.terminate();
      await new Promise((r) => setTimeout(r, 100));
      const b = await sapi.attach(info.id);
      // The replay: earlier output arrives before anything new is typed.
      await b.waitFor(/^before-2\r?$/m, 'replayed output');
      expect(b.control('attached')?.replayBytes).toBeGreaterThan(0);
      b.type('sleep 1000 &\n');
      await eventually(async () => (await topCount('int-term-delete')) >= 3, 'background sleep running');
      b.ws.terminate();
      await eventually(async () => !(await sapi.list()).some((t) => t.id === info.id), 'session ended after the grace period', 5000);
      await eventually(async () => (await topCount('int-term-delete')) === 1, 'no exec left in the container', 5000);
    } finally {
      await short.close();
    }
  });

  it('a second attach takes the session over and tells the first socket why', async () => {
    const info = await api.create({ kind: 'exec', container: 'int-term-delete' });
    const a = await api.attach(info.id);
    const b = await api.attach(info.id);
    const closed = await a.waitClosed();
    expect(closed.code).toBe(4001);
    expect(a.control('error')?.error).toBe('attached_elsewhere');
    b.type('echo still-$((2*3))\n');
    await b.waitFor(/^still-6\r?$/m);
    expect((await api.remove(info.id)).status).toBe(200);
  });

  it('refuses with clear errors: unknown, exited, no shell, bad requests', async () => {
    await docker('create', '--name', 'int-term-exited', '--label', TEST_LABEL, 'busybox:local', 'true');
    await docker('start', '-a', 'int-term-exited');
    await eventually(() => con.engine.containers.find('int-term-exited')?.state === 'exited', 'exited in the inventory');
    await docker('run', '-d', '--name', 'int-term-noshell', '--label', TEST_LABEL, NO_SHELL_IMAGE);
    await eventually(() => con.engine.containers.find('int-term-noshell')?.state === 'running', 'no-shell running');
    const cases: [unknown, number, string, string][] = [
      [{ kind: 'exec', container: 'no-such-container' }, 404, 'not_found', 'no-such-container'],
      [{ kind: 'exec', container: 'int-term-exited' }, 409, 'not_running', 'int-term-exited is exited; start it first'],
      [{ kind: 'exec', container: 'int-term-noshell' }, 409, 'no_shell', 'neither /bin/bash nor /bin/sh'],
      [{ kind: 'exec' }, 400, 'bad_request', 'needs the container'],
      [{ kind: 'host', container: 'x' }, 400, 'bad_request', 'takes no container'],
      [{ kind: 'exec', container: 'a', command: [] }, 400, 'bad_request', 'body.command'],
      [{ kind: 'exec', container: 'a', command: Array(65).fill('x') }, 400, 'bad_request', 'body.command'],
      [{ kind: 'exec', container: 'a', command: ['x'.repeat(4097)] }, 400, 'bad_request', 'body.command'],
      [{ kind: 'exec', container: 'a', cols: 1001 }, 400, 'bad_request', 'body.cols'],
      [{ kind: 'exec', container: 'a', rows: 0 }, 400, 'bad_request', 'body.rows'],
      [{ kind: 'exec', container: '../etc' }, 400, 'bad_request', 'body.container'],
      [{ kind: 'pod' }, 400, 'bad_request', 'body.kind'],
    ];
    for (const [body, status, code, words] of cases) {
      const r = await api.call('POST', '/api/terminals', body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect((r.json as ApiError).error).toBe(code);
      expect((r.json as ApiError).message).toContain(words);
    }
    expect((await api.remove('00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('answers 503 at once when the engine is down', async () => {
    const dead = await startTestConsole({ engineAddress: 'unix:///tmp/phedds-no-engine-here.sock' });
    try {
      const r = await dead.api('POST', '/api/terminals', { kind: 'exec', container: 'web-1' });
      expect(r.status).toBe(503);
      expect(r.json.error).toBe('engine_unreachable');
    } finally {
      await dead.close();
    }
  });

  it('ends an exec in an image without a shell too', async () => {
    const info = await api.create({ kind: 'exec', container: 'int-term-noshell', command: ['/busybox', 'sleep', '1000'] });
    await eventually(async () => (await topCount('int-term-noshell')) === 2, 'exec running');
    expect((await api.remove(info.id)).status).toBe(200);
    expect(await topCount('int-term-noshell')).toBe(1);
  });

  it('refuses a cross-origin upgrade and an unknown session before upgrading', async () => {
    const info = await api.create({ kind: 'exec', container: 'int-term-delete' });
    for (const origin of ['http://evil.test', 'null', con.base.replace(/:\d+$/, ':1')]) {
      await expect(api.attach(info.id, { origin }), origin).rejects.toThrow(/HTTP 403/);
    }
    await expect(api.attach('00000000-0000-0000-0000-000000000000')).rejects.toThrow(/HTTP 404/);
    await expect(api.attach('not-an-id')).rejects.toThrow(/HTTP 404/);
    const r = await api.call('DELETE', `/api/terminals/${info.id}`, undefined, { origin: 'http://evil.test' });
    expect(r.status).toBe(403);
    expect((await api.list()).some((t) => t.id === info.id)).toBe(true);
    expect((await api.remove(info.id)).status).toBe(200);
  });

  it('answers a bad frame with an error and keeps the session going', async () => {
    const info = await api.create({ kind: 'exec', container: 'int-term-delete' });
    const c = await api.attach(info.id);
    c.ws.send(Buffer.from([4, ...Buffer.from('{"cols":0,"rows":5}')]));
    c.ws.send('text frame');
    c.ws.send(Buffer.from([9, 1, 2]));
    await eventually(() => c.controls.filter((m) => m.type === 'error').length === 3, 'three errors');
    c.type('echo alive-$((3*3))\n');
    await c.waitFor(/^alive-9\r?$/m);
    expect((await api.remove(info.id)).status).toBe(200);
  });
});
