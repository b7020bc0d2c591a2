import type { LogsServerMessage, LogTuple } from '@phedds/shared';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTestConsole, type TestConsole } from '../test-support/app.ts';
import { docker, eventually, TEST_LABEL } from '../test-support/docker-cli.ts';

/** A raw client of `/api/logs` that keeps everything it is sent. */
class LogsClient {
  readonly messages: LogsServerMessage[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => this.messages.push(JSON.parse(raw.toString('utf8')) as LogsServerMessage));
  }

  static open(base: string, headers: Record<string, string>): Promise<LogsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${base}/api/logs`, { headers });
      const c = new LogsClient(ws);
      ws.once('open', () => resolve(c));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  follow(...ids: string[]): void {
    this.ws.send(JSON.stringify({ op: 'follow', ids }));
  }

  lines(id?: string): LogTuple[] {
    return this.messages.flatMap((m) => (m.op === 'lines' && (id === undefined || m.id === id) ? m.lines : []));
  }

  texts(id?: string): string[] {
    return this.lines(id).map((l) => l[2]);
  }

  states(id: string): string[] {
    return this.messages.flatMap((m) => (m.op === 'state' && m.id === id ? [m.state] : []));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

let app: TestConsole;
const clients: LogsClient[] = [];
const open = async (): Promise<LogsClient> => {
  const c = await LogsClient.open(app.wsBase, app.headers);
  clients.push(c);
  return c;
};

async function run(name: string, ...args: string[]): Promise<string> {
  const id = await docker('run', '-d', '--name', name, '--label', TEST_LABEL, ...args);
  await eventually(() => app.engine.containers.get(id)?.state === 'running', `${name} running in the inventory`);
  return id;
}

useTestConsole((c) => (app = c));

// Each test starts with no viewer, so the hub's counts are its own.
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await eventually(() => app.logs.hub.stats().openStreams === 0, 'every engine stream closed');
});

describe('the logs socket on a real engine', () => {
  it('refuses an upgrade from another site before opening a socket', async () => {
    await expect(LogsClient.open(app.wsBase, { ...app.headers, origin: 'http://evil.test' })).rejects.toThrow(/403/);
    await expect(LogsClient.open(app.wsBase, { ...app.headers, origin: 'null' })).rejects.toThrow(/403/);
  });

  it('follows stdout and stderr with the engine’s timestamps, TTY or not', async () => {
    const plain = await run(
      'int-logs-plain',
      'busybox:local',
      'sh',
      '-c',
      'echo "to out"; echo "to err" >&2; printf "\\033[32mgreen\\033[0m\\n"; sleep 600',
    );
    const tty = await run('int-logs-tty', '-t', 'busybox:local', 'sh', '-c', 'echo "on a tty"; sleep 600');
    const c = await open();
    c.follow('int-logs-plain', tty);
    await eventually(() => c.texts(plain).length >= 3 && c.texts(tty).length >= 1, 'both containers’ lines');
    const byText = new Map(c.lines(plain).map((l) => [l[2], l]));
    expect(byText.get('to out')?.[1]).toBe(0);
    expect(byText.get('to err')?.[1]).toBe(1);
    expect(byText.has('\u001b[32mgreen\u001b[0m')).toBe(true);
    expect(c.texts(tty)).toEqual(['on a tty']); // no \r left from the TTY
    const t = c.lines(plain)[0]![0];
    expect(Math.abs(t - Date.now())).toBeLessThan(60_000);
    expect(c.states(plain)).toContain('following');
    // A line written now arrives live.
    await docker('exec', plain, 'sh', '-c', 'echo "live line" > /proc/1/fd/1');
    await eventually(() => c.texts(plain).includes('live line'), 'the live line');
  });

  it('shares one engine stream between viewers and closes it after the last', async () => {
    const id = await run('int-logs-shared', 'busybox:local', 'sh', '-c', 'i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 0.2; done');
    const before = app.logs.hub.stats().opened;
    const a = await open();
    const b = await open();
    a.follow(id);
    await eventually(() => a.texts(id).length > 2, 'first viewer lines');
    b.follow('int-logs-shared');
    await eventually(() => b.texts(id).length > 2, 'second viewer lines (history from memory, then live)');
    expect(app.logs.hub.stats().opened - before).toBe(1);
    expect(app.logs.hub.stats().openStreams).toBe(1);
    // The second viewer's history and the first one's lines agree.
    expect(a.texts(id).slice(0, 2)).toEqual(b.texts(id).slice(0, 2));
    await a.close();
    expect(app.logs.hub.stats().openStreams).toBe(1);
    b.follow(); // follows nothing now
    await eventually(() => app.logs.hub.stats().openStreams === 0, 'the engine stream closed after the last viewer');
    expect(app.logs.hub.stats().feeds).toBe(0);
    expect(app.logs.hub.stats().heldBytes).toBe(0);
  });

  it('survives a restart of the container without repeating lines', async () => {
    const id = await run('int-logs-restart', 'busybox:local', 'sh', '-c', 'echo "started at $(cat /proc/uptime)"; sleep 600');
    const c = await open();
    c.follow(id);
    await eventually(() => c.texts(id).length === 1, 'the first start line');
    // Stop, then start: with `docker restart -t 0` the container can run again before the engine
    // ends the old stream, and a viewer then rightly never sees it stopped.
    await docker('stop', '-t', '0', id);
    await eventually(() => c.states(id).includes('stopped'), 'the feed says the container stopped');
    await docker('start', id);
    await eventually(() => c.texts(id).length === 2, 'the second start line');
    const [first, second] = c.texts(id);
    expect(first).not.toBe(second);
    expect(c.states(id).at(-1)).toBe('following');
    await docker('exec', id, 'sh', '-c', 'echo after > /proc/1/fd/1');
    await eventually(() => c.texts(id).includes('after'), 'a line after the restart');
    expect(c.texts(id)).toHaveLength(3);
  });

  it('says when a container is missing, stopped or removed', async () => {
    const c = await open();
    c.follow('int-logs-no-such');
    await eventually(() => c.states('int-logs-no-such').includes('missing'), 'missing');
    const id = await docker('create', '--name', 'int-logs-never', '--label', TEST_LABEL, 'busybox:local', 'echo', 'hi');
    await eventually(() => app.engine.containers.get(id) !== undefined, 'created container in inventory');
    c.follow(id);
    await eventually(() => c.states(id).includes('stopped'), 'stopped (never started)');
    await docker('rm', '-f', id);
    await eventually(() => c.states(id).includes('removed'), 'removed');
  });

  it('caps long lines and says how much it cut', async () => {
    const id = await run(
      'int-logs-long',
      'busybox:local',
      'sh',
      '-c',
      'head -c 100000 /dev/zero | tr "\\0" x; echo; echo short; sleep 600',
    );
    const c = await open();
    c.follow(id);
    await eventually(() => c.texts(id).includes('short'), 'the line after the long one');
    const long = c.lines(id).find((l) => l[2].startsWith('xxx'))!;
    expect(long[2].length).toBe(16 * 1024);
    expect(long[3]).toBe(100_000 - 16 * 1024);
  });

  it('stays bounded under a flood: per viewer, per container, with dropped-line markers', async () => {
    // Lines of ~100 bytes as fast as the engine takes them; the log rotates at 5 MB.
    const id = await run(
      'int-logs-flood',
      '--log-opt',
      'max-size=5m',
      '--log-opt',
      'max-file=2',
      'busybox:local',
      'sh',
      '-c',
      'yes "flood line flood line flood line flood line flood line flood line flood line flood line flood li"',
    );
    const fast = await open();
    const stalled = await open();
    fast.follow(id);
    stalled.follow(id);
    // This client stops reading: its socket's buffers fill, the server's writes stop completing.
    const raw = (stalled.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    await eventually(() => stalled.lines(id).length > 0, 'the stalled client got lines before it stalled');
    raw.pause();
    const hub = app.logs.hub;
    const sessions = [...app.logs.sessions];
    const limits = { queued: 512 * 1024, inFlight: 512 * 1024, frame: 256 * 1024 };
    const readBefore = hub.stats().linesRead;
    await eventually(() => hub.stats().linesRead - readBefore > 300_000, 'the console read 300 000 flood lines (30 MB)', 60_000);
    for (const s of sessions) expect(s.peakHeldBytes).toBeLessThanOrEqual(limits.queued + limits.inFlight + limits.frame);
    expect(hub.stats().heldBytes).toBeLessThanOrEqual(1 << 20);
    // The reader was rate-limited: it got a small part, and markers for the rest.
    const gaps = fast.messages.filter((m) => m.op === 'gap');
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.some((g) => g.op === 'gap' && g.reason === 'rate')).toBe(true);
    expect(fast.lines(id).length).toBeLessThan(hub.stats().linesRead - readBefore);
    // The stalled one reads again: it learns what it missed.
    raw.resume();
    await eventually(() => stalled.messages.some((m) => m.op === 'gap' && m.dropped > 0), 'a gap for the stalled client');
    await docker('rm', '-f', id);
  });
});

describe('details REST on a real engine', () => {
  const get = async (path: string): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await app.fetch(path);
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('lists processes of a running container, and refuses a stopped or missing one', async () => {
    const id = await run('int-top', 'busybox:local', 'sleep', '600');
    const top = await get(`/api/containers/int-top/top`);
    expect(top.status).toBe(200);
    expect(top.json.titles).toContain('PID');
    expect(JSON.stringify(top.json.processes)).toContain('sleep 600');
    await docker('stop', '-t', '0', id);
    await eventually(() => app.engine.containers.get(id)?.state === 'exited', 'stopped');
    const stopped = await get(`/api/containers/${id}/top`);
    expect(stopped.status).toBe(409);
    expect(stopped.json).toMatchObject({ error: 'not_running' });
    expect(String(stopped.json.message)).toContain('int-top');
    const missing = await get('/api/containers/int-no-such/top');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toBe('not_found');
    const bad = await get('/api/containers/..%2Fetc/top');
    expect(bad.status).toBe(400);
  });

  it('reports filesystem changes, also of a stopped container', async () => {
    const id = await run('int-diff', 'busybox:local', 'sleep', '600');
    // Nothing changed yet: an empty list (the engine answers null).
    const none = await get(`/api/containers/${id}/changes`);
    expect(none.status).toBe(200);
    expect(none.json).toMatchObject({ changes: [], total: 0, name: 'int-diff' });
    await docker('exec', id, 'sh', '-c', 'mkdir -p /srv/new && echo hi > /srv/new/file && rm /bin/vi && echo x >> /etc/passwd');
    const r = await get(`/api/containers/${id}/changes`);
    expect(r.status).toBe(200);
    const changes = r.json.changes as { path: string; kind: string }[];
    expect(changes).toContainEqual({ path: '/srv/new/file', kind: 'added' });
    expect(changes).toContainEqual({ path: '/bin/vi', kind: 'deleted' });
    expect(changes).toContainEqual({ path: '/etc/passwd', kind: 'changed' });
    expect(changes.map((c) => c.path)).toEqual([...changes.map((c) => c.path)].sort());
    await docker('stop', '-t', '0', id);
    await eventually(() => app.engine.containers.get(id)?.state === 'exited', 'stopped');
    expect((await get(`/api/containers/${id}/changes`)).status).toBe(200);
    expect((await get('/api/containers/int-no-such/changes')).status).toBe(404);
  });

  it('inspects through the existing container route', async () => {
    const id = await run('int-inspect', '--env', 'SECRET_TOKEN=s3', 'busybox:local', 'sleep', '600');
    const r = await get(`/api/containers/int-inspect`);
    expect(r.status).toBe(200);
    expect((r.json.inspect as { Id: string }).Id).toBe(id);
  });

  it('probes only a published port and says who answered', async () => {
    await run('int-probe', '-p', '127.0.0.1::80', '--env', 'PHEDDS_NAME=int-probe', 'phedds/web:local');
    const port = Number((await docker('port', 'int-probe', '80/tcp')).split('\n')[0]!.split(':').pop());
    await eventually(async () => {
      const r = await get(`/api/containers/int-probe/probe?port=${port}&path=/cgi-bin/whoami`);
      return r.status === 200 && r.json.status === 200;
    }, 'the web server answers');
    const r = await get(`/api/containers/int-probe/probe?port=${port}&path=/cgi-bin/whoami`);
    expect(r.json).toMatchObject({ status: 200, backend: 'int-probe' });
    expect(r.json.url).toBe(`http://127.0.0.1:${port}/cgi-bin/whoami`);
    const other = await get(`/api/containers/int-probe/probe?port=${port === 65000 ? 65001 : 65000}`);
    expect(other.status).toBe(400);
    expect(other.json.error).toBe('not_published');
    const badPath = await get(`/api/containers/int-probe/probe?port=${port}&path=http://evil.test/`);
    expect(badPath.status).toBe(400);
    await docker('stop', '-t', '0', 'int-probe');
    await eventually(() => app.engine.containers.find('int-probe')?.state === 'exited', 'stopped');
    const stopped = await get(`/api/containers/int-probe/probe?port=${port}`);
    expect(stopped.status).toBe(409);
    expect(stopped.json.error).toBe('not_running');
  });
});
