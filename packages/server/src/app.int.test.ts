import type { ApiError, ContainerView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { useTestConsole, type TestConsole } from './test-support/app.ts';
import { docker, eventually, psAll, TEST_LABEL } from './test-support/docker-cli.ts';
import { LiveClient } from './test-support/live-client.ts';

let built: TestConsole;
let base: string;

async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...built.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: await res.json() };
}

useTestConsole((c) => {
  built = c;
  base = c.base;
});

describe('REST on a real engine', () => {
  it('reports the engine in /api/health', async () => {
    const { status, json } = await api('GET', '/api/health');
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'ok', engine: { state: 'up', apiVersion: expect.any(String) as unknown } });
  });

  it('drives a container through its lifecycle and the inventory follows each step', async () => {
    const id = await docker('create', '--name', 'int-life', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => built.engine.containers.get(id)?.state === 'created', 'created container in inventory');

    const steps: [string, string][] = [
      ['start', 'running'],
      ['pause', 'paused'],
      ['unpause', 'running'],
      ['restart', 'running'],
      ['kill', 'exited'],
      ['start', 'running'],
    ];
    for (const [action, state] of steps) {
      const r = await api('POST', `/api/containers/int-life/${action}`, action === 'restart' ? { timeout: 1 } : undefined);
      expect(r.status, `${action}: ${JSON.stringify(r.json)}`).toBe(200);
      // The answer is only sent once the inventory shows the result.
      expect((r.json as { container: ContainerView }).container.state).toBe(state);
      expect(await docker('inspect', '-f', '{{.State.Status}}', id)).toBe(state);
    }
    const stop = await api('POST', `/api/containers/${id.slice(0, 12)}/stop`, { timeout: 0 });
    expect(stop.status).toBe(200);
    expect(built.engine.containers.get(id)?.state).toBe('exited');

    const inspect = await api('GET', `/api/containers/${id}`);
    expect(inspect.status).toBe(200);
    expect((inspect.json as { inspect: { Id: string } }).inspect.Id).toBe(id);

    const rm = await api('DELETE', '/api/containers/int-life');
    expect(rm.status).toBe(200);
    expect(built.engine.containers.get(id)).toBeUndefined();
    await expect(docker('inspect', id)).rejects.toThrow();
  });

  it('refuses bad requests with clear JSON errors and changes nothing', async () => {
    const id = await docker('run', '-d', '--name', 'int-bad', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => built.engine.containers.get(id)?.state === 'running', 'running');

    const cases: [string, string, unknown, number, string, string][] = [
      ['POST', '/api/containers/no-such-container/stop', undefined, 404, 'not_found', 'no-such-container'],
      ['POST', '/api/containers/int-bad/explode', undefined, 400, 'bad_request', 'params.action'],
      ['POST', '/api/containers/int-bad/stop', { timeout: 'soon' }, 400, 'bad_request', 'body.timeout'],
      ['POST', '/api/containers/int-bad/stop', { timeout: 1, force: true }, 400, 'bad_request', 'additional'],
      ['POST', '/api/containers/int-bad/stop', '{"timeout": 1', 400, 'bad_json', 'not valid JSON'],
      ['POST', '/api/containers/..%2f..%2fetc/stop', undefined, 400, 'bad_request', 'params.id'],
      ['DELETE', '/api/containers/int-bad', undefined, 409, 'conflict', 'force=true'],
      ['DELETE', '/api/containers/int-bad?force=maybe', undefined, 400, 'bad_request', 'querystring.force'],
      ['GET', '/api/nothing-here', undefined, 404, 'not_found', 'No API route'],
    ];
    for (const [method, path, body, status, code, words] of cases) {
      const r = await api(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(status);
      const err = r.json as ApiError;
      expect(err.error, `${method} ${path}`).toBe(code);
      expect(err.message, `${method} ${path}`).toContain(words);
    }
    expect(await docker('inspect', '-f', '{{.State.Status}}', id)).toBe('running');
  });

  it('refuses state changes from another origin', async () => {
    const r = await api('POST', '/api/containers/int-bad/stop', undefined, { origin: 'http://evil.test' });
    expect(r.status).toBe(403);
    expect((r.json as ApiError).error).toBe('forbidden_origin');
    expect(await docker('inspect', '-f', '{{.State.Status}}', 'int-bad')).toBe('running');
  });
});

describe('live websocket on a real engine', () => {
  it('sends a snapshot, then the deltas of a container started outside the console', async () => {
    const c = await LiveClient.open(base.replace('http', 'ws') + '/api/live', built);
    c.sub('containers');
    c.sub('engine');
    await eventually(() => c.engine?.state === 'up', 'engine snapshot');
    const id = await docker('run', '-d', '--name', 'int-live', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => c.stateOf('int-live') === 'running', 'int-live running over the socket');
    await docker('stop', '-t', '0', id);
    await eventually(() => c.stateOf('int-live') === 'exited', 'int-live exited over the socket');
    await docker('rm', id);
    await eventually(() => !c.containers.has(id), 'int-live removed over the socket');
    // The delta that showed it running names the engine event behind it, with the engine's time.
    const running = c.messages.find(
      (m) => m.op === 'delta' && m.topic === 'containers' && m.data.upsert.some((u) => u.id === id && u.state === 'running'),
    );
    expect(running?.op === 'delta' && running.topic === 'containers' && running.data.cause).toMatchObject({
      id,
      action: expect.stringMatching(/^(create|start|connect)$/) as unknown,
    });
    const when = running?.op === 'delta' && running.topic === 'containers' ? (running.data.cause?.time ?? 0) : 0;
    expect(Math.abs(Date.now() - when)).toBeLessThan(60_000);
    c.close();
  });

  it('refuses upgrades from other origins', async () => {
    for (const origin of ['http://evil.test', 'null', base.replace(/:\d+$/, ':1')]) {
      await expect(
        LiveClient.open(base.replace('http', 'ws') + '/api/live', { headers: { ...built.headers, origin } }),
        origin,
      ).rejects.toThrow(/403/);
    }
  });

  it('shares one upstream: many clients, one engine event stream', async () => {
    const listeners = async (): Promise<number> =>
      (JSON.parse(await docker('info', '--format', '{{json .}}')) as { NEventsListener: number }).NEventsListener;
    const engineListenersBefore = await listeners();
    const before = built.gateway.stats().subscriptions.containers;
    const clients = await Promise.all(Array.from({ length: 20 }, () => LiveClient.open(base.replace('http', 'ws') + '/api/live', built)));
    for (const c of clients) c.sub('containers');
    await eventually(() => built.gateway.stats().subscriptions.containers === before + 20, '20 more subscriptions');
    const id = await docker('run', '-d', '--name', 'int-fanout', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => clients.every((c) => c.stateOf('int-fanout') === 'running'), 'every client sees it');
    // The engine counts its own event subscribers: 20 more viewers add none.
    expect(await listeners()).toBe(engineListenersBefore);
    expect(engineListenersBefore).toBeGreaterThanOrEqual(1);
    for (const c of clients) c.close();
    await docker('rm', '-f', id);
  });

  it('clients connecting while containers change 10×/s all end with the exact state', async () => {
    const names = ['int-race-1', 'int-race-2', 'int-race-3'];
    for (const n of names) await docker('create', '--name', n, '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    let churn = true;
    const churner = (async () => {
      let i = 0;
      while (churn) {
        const n = names[i++ % names.length]!;
        await docker(i % 2 ? 'start' : 'kill', n).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const clients: LiveClient[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await LiveClient.open(base.replace('http', 'ws') + '/api/live', built);
      c.sub('containers');
      clients.push(c);
      await new Promise((r) => setTimeout(r, 150));
    }
    churn = false;
    await churner;
    const truth = await psAll();
    const matches = (c: LiveClient): boolean =>
      c.containers.size === truth.size && [...truth].every(([id, st]) => c.containers.get(id)?.state === st);
    await eventually(() => clients.every(matches), 'every client equals docker ps -a');
    for (const c of clients) c.close();
  });
});
