import type { ApiError, ContainerView, NetworkView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { removeTestObjects } from '../../engine/objects-test-support.ts';
import { useTestConsole, type TestConsole } from '../../test-support/app.ts';
import { docker, eventually, TEST_LABEL } from '../../test-support/docker-cli.ts';

let built: TestConsole;

async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(built.base + path, {
    method,
    headers: { ...built.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: await res.json() };
}

useTestConsole((c) => (built = c), {}, removeTestObjects);

describe('network REST on a real engine', () => {
  it('creates, inspects, connects, refuses to remove while in use, disconnects and removes', async () => {
    const created = await api('POST', '/api/networks', {
      name: 'rest-net',
      subnet: '10.91.0.0/24',
      gateway: '10.91.0.1',
      labels: { [TEST_LABEL.split('=')[0]!]: '1' },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const net = (created.json as { network: NetworkView }).network;
    expect(net).toMatchObject({ name: 'rest-net', driver: 'bridge', subnets: [{ subnet: '10.91.0.0/24', gateway: '10.91.0.1' }] });
    // The answer is sent once the inventory has it.
    expect(built.engine.objects.networks.get(net.id)?.name).toBe('rest-net');
    expect(await docker('network', 'inspect', '-f', '{{.Id}}', 'rest-net')).toBe(net.id);

    const list = await api('GET', '/api/networks');
    expect((list.json as { networks: NetworkView[] }).networks.some((n) => n.id === net.id)).toBe(true);
    const inspect = await api('GET', `/api/networks/${net.id.slice(0, 12)}`);
    expect(inspect.status).toBe(200);
    expect((inspect.json as { inspect: { Name: string } }).inspect.Name).toBe('rest-net');

    const id = await docker('run', '-d', '--name', 'rest-user', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => built.engine.containers.get(id)?.state === 'running', 'container running');
    const connect = await api('POST', '/api/networks/rest-net/connect', { container: 'rest-user', aliases: ['api'] });
    expect(connect.status, JSON.stringify(connect.json)).toBe(200);
    expect((connect.json as { container: ContainerView }).container.networks).toContain('rest-net');
    expect(await docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', id)).toContain('"api"');

    const again = await api('POST', '/api/networks/rest-net/connect', { container: 'rest-user' });
    expect(again.status).toBe(409);
    expect((again.json as ApiError).error).toBe('conflict');

    const inUse = await api('DELETE', '/api/networks/rest-net');
    expect(inUse.status).toBe(409);
    const err = inUse.json as ApiError;
    expect(err.error).toBe('in_use');
    expect(err.message).toContain('rest-user');
    expect(err.details).toMatchObject({ network: 'rest-net', containers: [{ id, name: 'rest-user' }] });
    expect(await docker('network', 'inspect', '-f', '{{.Name}}', 'rest-net')).toBe('rest-net');

    const disconnect = await api('POST', '/api/networks/rest-net/disconnect', { container: id.slice(0, 12) });
    expect(disconnect.status).toBe(200);
    expect((disconnect.json as { container: ContainerView }).container.networks).not.toContain('rest-net');
    const twice = await api('POST', '/api/networks/rest-net/disconnect', { container: 'rest-user' });
    expect(twice.status).toBe(409);
    expect((twice.json as ApiError).message).toContain('not connected');

    const removed = await api('DELETE', '/api/networks/rest-net');
    expect(removed.status).toBe(200);
    expect(built.engine.objects.networks.get(net.id)).toBeUndefined();
    await expect(docker('network', 'inspect', 'rest-net')).rejects.toThrow();
  });

  it('refuses bad requests with clear JSON errors and changes nothing', async () => {
    await docker('network', 'create', '--label', TEST_LABEL, 'rest-taken');
    await eventually(() => built.engine.objects.networks.list().some((n) => n.name === 'rest-taken'), 'network seen');
    const before = await docker('network', 'ls', '-q');
    const cases: [string, string, unknown, number, string, string][] = [
      ['POST', '/api/networks', { name: 'rest-taken' }, 409, 'conflict', 'already exists'],
      ['POST', '/api/networks', {}, 400, 'bad_request', 'name'],
      ['POST', '/api/networks', { name: 'x', colour: 'blue' }, 400, 'bad_request', 'additional'],
      ['POST', '/api/networks', { name: '../etc' }, 400, 'bad_request', 'body.name'],
      ['POST', '/api/networks', { name: 'rest-gw', gateway: '10.92.0.1' }, 400, 'bad_request', 'subnet'],
      [
        'POST',
        '/api/networks',
        { name: 'rest-gw', subnet: '10.92.0.0/24', gateway: '10.93.0.1' },
        400,
        'bad_request',
        'not inside the subnet',
      ],
      ['POST', '/api/networks', { name: 'rest-drv', driver: 'no-such-driver' }, 400, 'bad_request', 'no network driver "no-such-driver"'],
      ['POST', '/api/networks', { name: 'rest-lbl', labels: { a: { nested: true } } }, 400, 'bad_request', 'body.labels'],
      ['DELETE', '/api/networks/bridge', undefined, 409, 'conflict', 'built into the engine'],
      ['DELETE', '/api/networks/no-such-net', undefined, 404, 'not_found', 'no-such-net'],
      ['POST', '/api/networks/rest-taken/connect', { container: 'no-such-container' }, 404, 'not_found', 'no-such-container'],
      ['POST', '/api/networks/rest-taken/connect', {}, 400, 'bad_request', 'container'],
      ['POST', '/api/networks/no-such-net/disconnect', { container: 'x1' }, 404, 'not_found', 'no-such-net'],
    ];
    for (const [method, path, body, status, code, words] of cases) {
      const r = await api(method, path, body);
      expect(r.status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(r.json)}`).toBe(status);
      const e = r.json as ApiError;
      expect(e.error, `${method} ${path}`).toBe(code);
      expect(e.message, `${method} ${path}`).toContain(words);
    }
    expect(await docker('network', 'ls', '-q')).toBe(before);
  });

  it('refuses changes from another origin', async () => {
    const r = await api('POST', '/api/networks', { name: 'rest-evil' }, { origin: 'http://evil.test' });
    expect(r.status).toBe(403);
    await expect(docker('network', 'inspect', 'rest-evil')).rejects.toThrow();
  });
});
