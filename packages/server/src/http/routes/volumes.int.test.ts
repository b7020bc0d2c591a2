import type { ApiError, VolumeView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { removeTestObjects } from '../../engine/objects-test-support.ts';
import { useTestConsole, type TestConsole } from '../../test-support/app.ts';
import { docker, eventually, TEST_LABEL } from '../../test-support/docker-cli.ts';

let built: TestConsole;
const LABELS = { [TEST_LABEL.split('=')[0]!]: '1' };

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return built.api(method, path, body);
}

useTestConsole((c) => (built = c), {}, removeTestObjects);

describe('volume REST on a real engine', () => {
  it('creates, shows who mounts it, refuses removal while a container holds it, then removes', async () => {
    const created = await api('POST', '/api/volumes', { name: 'rest-vol', labels: { ...LABELS, tier: 'db' } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect((created.json as { volume: VolumeView }).volume).toMatchObject({
      name: 'rest-vol',
      driver: 'local',
      labels: { tier: 'db' },
      usedBy: [],
    });
    expect(built.engine.objects.volumes.get('rest-vol')).toBeDefined();

    const id = await docker('create', '--name', 'rest-holder', '--label', TEST_LABEL, '-v', 'rest-vol:/data:ro', 'busybox:local', 'true');
    await eventually(() => built.engine.objects.volumes.get('rest-vol')?.usedBy.length === 1, 'user seen');
    const inspect = await api('GET', '/api/volumes/rest-vol');
    expect(inspect.status).toBe(200);
    expect((inspect.json as { volume: VolumeView }).volume.usedBy).toEqual([{ container: id, destination: '/data', readOnly: true }]);
    expect((inspect.json as { inspect: { Mountpoint: string } }).inspect.Mountpoint).toMatch(/rest-vol/);

    // A container that never ran still holds its volume: the engine refuses, the answer names it.
    const inUse = await api('DELETE', '/api/volumes/rest-vol');
    expect(inUse.status).toBe(409);
    const err = inUse.json as ApiError;
    expect(err.error).toBe('in_use');
    expect(err.message).toContain('rest-holder');
    expect(err.details).toEqual({ volume: 'rest-vol', containers: [{ id, name: 'rest-holder' }] });
    expect(await docker('volume', 'inspect', '-f', '{{.Name}}', 'rest-vol')).toBe('rest-vol');

    await docker('rm', id);
    await eventually(() => built.engine.objects.volumes.get('rest-vol')?.usedBy.length === 0, 'user gone');
    const removed = await api('DELETE', '/api/volumes/rest-vol');
    expect(removed.status).toBe(200);
    expect(built.engine.objects.volumes.get('rest-vol')).toBeUndefined();
    await expect(docker('volume', 'inspect', 'rest-vol')).rejects.toThrow();
  });

  it('creates an anonymous volume when no name is given', async () => {
    const r = await api('POST', '/api/volumes', { labels: LABELS });
    expect(r.status).toBe(201);
    const v = (r.json as { volume: VolumeView }).volume;
    expect(v.anonymous).toBe(true);
    expect(v.name).toMatch(/^[0-9a-f]{64}$/);
    expect((await api('DELETE', `/api/volumes/${v.name}`)).status).toBe(200);
  });

  it('refuses bad requests with clear JSON errors and changes nothing', async () => {
    await docker('volume', 'create', '--label', TEST_LABEL, 'rest-taken');
    await eventually(() => built.engine.objects.volumes.get('rest-taken') !== undefined, 'volume seen');
    const before = await docker('volume', 'ls', '-q');
    const cases: [string, string, unknown, number, string, string][] = [
      ['POST', '/api/volumes', { name: 'rest-taken' }, 409, 'conflict', 'already exists'],
      ['POST', '/api/volumes', { name: 'x' }, 400, 'bad_request', 'body.name'],
      ['POST', '/api/volumes', { name: 'ok-name', size: 5 }, 400, 'bad_request', 'additional'],
      ['POST', '/api/volumes', { name: 'rest-drv', driver: 'no-such-driver' }, 400, 'bad_request', 'no volume driver'],
      ['DELETE', '/api/volumes/no-such-volume', undefined, 404, 'not_found', 'no-such-volume'],
      ['DELETE', '/api/volumes/rest-taken?force=maybe', undefined, 400, 'bad_request', 'querystring.force'],
      ['GET', '/api/volumes/..%2fetc', undefined, 400, 'bad_request', 'params.name'],
    ];
    for (const [method, path, body, status, code, words] of cases) {
      const r = await api(method, path, body);
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.json)}`).toBe(status);
      const e = r.json as ApiError;
      expect(e.error, `${method} ${path}`).toBe(code);
      expect(e.message, `${method} ${path}`).toContain(words);
    }
    expect(await docker('volume', 'ls', '-q')).toBe(before);
  });
});
