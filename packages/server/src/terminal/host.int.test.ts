import { TERMINAL_ACK_WINDOW, type ApiError } from '@phedds/shared';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startTestConsole, useTestConsole, type TestConsole } from '../test-support/app.ts';
import { docker, eventually, TEST_LABEL } from '../test-support/docker-cli.ts';
import { terminalApi, type TerminalClient } from '../test-support/terminal-client.ts';

let con: TestConsole;
let api: ReturnType<typeof terminalApi>;

/** Running, not just a zombie waiting for whoever inherited it to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Asks the shell for its pid and a background job's, so the test can check both are gone later. */
async function pids(c: TerminalClient): Promise<{ shell: number; job: number }> {
  c.type('sleep 1000 & echo "pids=$$,$!"\n');
  const [shell, job] = (await c.waitFor(/^pids=(\d+,\d+)\r?$/m, 'pids')).split(',').map(Number) as [number, number];
  return { shell, job };
}

useTestConsole((c) => {
  con = c;
  api = terminalApi(c);
});

describe('host shell terminals', () => {
  it("runs docker against the console's engine, and DELETE ends the shell and its jobs", async () => {
    await docker('run', '-d', '--name', 'int-host-known', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    const info = await api.create({ kind: 'host', cols: 100, rows: 30 });
    expect(info).toMatchObject({ kind: 'host', title: 'host', attached: false });
    const c = await api.attach(info.id);
    expect((await api.list()).find((t) => t.id === info.id)?.attached).toBe(true);
    c.type('stty size; echo "engine=$DOCKER_HOST"; echo "cwd=$(pwd)"\n');
    expect(await c.waitFor(/^(\d+ \d+)\r?$/m, 'stty size')).toBe('30 100');
    expect(await c.waitFor(/^cwd=(\S+)\r?$/m, 'cwd')).toBe(process.env.HOME);
    expect(await c.waitFor(/^engine=(\S+)\r?$/m, 'DOCKER_HOST')).toBe(con.engine.address);
    c.type("docker ps --format 'name:{{.Names}}'\n");
    await c.waitFor(/^name:int-host-known\r?$/m, 'the test container in docker ps');

    const p = await pids(c);
    expect(alive(p.shell) && alive(p.job)).toBe(true);
    const r = await api.remove(info.id);
    expect(r.status).toBe(200);
    expect(alive(p.shell)).toBe(false);
    expect(alive(p.job)).toBe(false);
    await c.waitClosed();
    expect(c.control('exit')).toBeDefined();
  });

  it('a dropped socket re-attaches with replay; after the grace period nothing is left', async () => {
    const short = await startTestConsole({ terminalGraceMs: 300 });
    const sapi = terminalApi(short);
    try {
      const info = await sapi.create({ kind: 'host' });
      const a = await sapi.attach(info.id);
      const p = await pids(a);
      a.ws.terminate();
      const b = await sapi.attach(info.id);
      await b.waitFor(/^pids=\d+,\d+\r?$/m, 'replayed output');
      b.ws.terminate();
      await eventually(() => !alive(p.shell) && !alive(p.job), 'shell and job gone after the grace period', 5000);
      expect((await sapi.list()).length).toBe(0);
    } finally {
      await short.close();
    }
  });

  it('app.close() ends every terminal', async () => {
    const other = await startTestConsole();
    const oapi = terminalApi(other);
    const info = await oapi.create({ kind: 'host' });
    const c = await oapi.attach(info.id);
    const p = await pids(c);
    await other.close();
    expect(alive(p.shell) || alive(p.job)).toBe(false);
  });

  it('--no-host-shell refuses host shells with 403, exec still works', async () => {
    const locked = await startTestConsole({ hostShell: false });
    try {
      const lapi = terminalApi(locked);
      const r = await lapi.call('POST', '/api/terminals', { kind: 'host' });
      expect(r.status).toBe(403);
      expect((r.json as ApiError).error).toBe('host_shell_disabled');
      expect((r.json as ApiError).message).toContain('--no-host-shell');
      await eventually(() => locked.engine.containers.find('int-host-known')?.state === 'running', 'inventory');
      const e = await lapi.create({ kind: 'exec', container: 'int-host-known' });
      expect((await lapi.remove(e.id)).status).toBe(200);
    } finally {
      await locked.close();
    }
  });

  it('caps the sessions per console with 429', async () => {
    const capped = await startTestConsole({ maxTerminals: 2 });
    try {
      const capi = terminalApi(capped);
      const [a, b] = await Promise.all([capi.create({ kind: 'host' }), capi.create({ kind: 'host' })]);
      const r = await capi.call('POST', '/api/terminals', { kind: 'host' });
      expect(r.status).toBe(429);
      expect((r.json as ApiError).error).toBe('too_many_terminals');
      expect((await capi.remove(a.id)).status).toBe(200);
      const c = await capi.create({ kind: 'host' });
      for (const id of [b.id, c.id]) expect((await capi.remove(id)).status).toBe(200);
    } finally {
      await capped.close();
    }
  });
});

describe('flow control', () => {
  it('a flood into a socket that does not read stays bounded and other sessions stay responsive', async () => {
    await eventually(() => con.engine.containers.find('int-host-known')?.state === 'running', 'inventory');
    const mem = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const before = mem();
    const host = await api.create({ kind: 'host' });
    const exec = await api.create({ kind: 'exec', container: 'int-host-known' });
    const stalled = await Promise.all([api.attach(host.id, { keep: false }), api.attach(exec.id, { keep: false })]);
    stalled[0].type('yes\n');
    stalled[1].type('yes\n');
    await eventually(() => stalled.every((s) => s.outputBytes > 1 << 20), 'both floods under way');
    // The client stops reading: from now on only the server's flow control bounds what piles up.
    for (const s of stalled) (s.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const probe = await api.attach((await api.create({ kind: 'host' })).id);
    const rtts: number[] = [];
    let peak = 0;
    let growth = 0;
    const end = Date.now() + 3000;
    for (let i = 0; Date.now() < end; i++) {
      const t = performance.now();
      probe.type(`echo probe-$((${i}+1000))\n`);
      await probe.waitFor(new RegExp(`^probe-${i + 1000}\\r?$`, 'm'), `probe ${i}`, 2000);
      rtts.push(performance.now() - t);
      peak = Math.max(peak, con.terminals.heldBytes());
      growth = Math.max(growth, mem() - before);
      await new Promise((r) => setTimeout(r, 50));
    }
    rtts.sort((a, b) => a - b);
    process.stdout.write(
      `[flood] ${rtts.length} probes, echo median ${rtts[rtts.length >> 1]!.toFixed(2)} ms, max ${rtts.at(-1)!.toFixed(2)} ms; ` +
        `server held ≤ ${(peak / 1024).toFixed(0)} KiB unsent; peak heap+arrayBuffers growth ${(growth / 1048576).toFixed(1)} MiB\n`,
    );
    expect(rtts.at(-1)!).toBeLessThan(1000);
    // Two paused sources: each at most its high-water mark plus one batch in flight.
    expect(peak).toBeLessThan(2 * (1024 + 128) * 1024);
    expect(growth).toBeLessThan(64 * 1048576);

    for (const s of stalled) s.ws.terminate();
    for (const id of [host.id, exec.id]) expect((await api.remove(id)).status).toBe(200);
    expect((await docker('top', 'int-host-known', '-o', 'pid')).split('\n').length - 1).toBe(1);
  });

  it('a client that reads everything but acks nothing holds the flood at the ack window, and an ack lets it go on', async () => {
    const host = await api.create({ kind: 'host' });
    const c = await api.attach(host.id, { keep: false });
    c.ack(0);
    c.type('yes\n');
    await eventually(() => c.outputBytes > TERMINAL_ACK_WINDOW, 'the flood past the window');
    // Paused: the output stops growing, though the socket is read and nothing is held in the server.
    let last = -1;
    await eventually(async () => {
      const now = c.outputBytes;
      const still = now === last;
      last = now;
      if (!still) await new Promise((r) => setTimeout(r, 200));
      return still;
    }, 'the flood paused');
    process.stdout.write(`[ack] paused after ${(c.outputBytes / 1024).toFixed(0)} KiB unacknowledged\n`);
    // The window plus what was read from the pty around the pause (a batch or two).
    expect(c.outputBytes).toBeLessThan(TERMINAL_ACK_WINDOW + 512 * 1024);
    expect(con.terminals.heldBytes()).toBeLessThan(256 * 1024);
    c.ack(c.outputBytes);
    await eventually(() => c.outputBytes > last + TERMINAL_ACK_WINDOW / 2, 'the flood going on after the ack');
    c.ws.terminate();
    expect((await api.remove(host.id)).status).toBe(200);
  });
});
