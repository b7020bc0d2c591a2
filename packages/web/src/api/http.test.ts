import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, containerAction, errorMessage, listContainers, removeContainer } from './http.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function stubFetch(respond: (call: Call) => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return Promise.resolve(respond(call));
  });
  return calls;
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('REST client', () => {
  it('posts actions to the encoded container path, with a JSON body only when there are options', async () => {
    const calls = stubFetch(() => json(200, { ok: true }));
    await containerAction('web/1', 'stop');
    await containerAction('abc', 'kill', { signal: 'SIGTERM' });
    expect(calls[0]?.url).toBe('/api/containers/web%2F1/stop');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.body).toBeUndefined();
    expect(calls[1]?.init.body).toBe('{"signal":"SIGTERM"}');
    expect(calls[1]?.init.headers).toMatchObject({ 'Content-Type': 'application/json' });
  });

  it('asks for force only when told to', async () => {
    const calls = stubFetch(() => json(200, { ok: true }));
    await removeContainer('abc', { force: true });
    await removeContainer('def');
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['DELETE /api/containers/abc?force=true', 'DELETE /api/containers/def']);
  });

  it('unwraps the container list', async () => {
    stubFetch(() => json(200, { containers: [{ id: 'x' }] }));
    await expect(listContainers()).resolves.toEqual([{ id: 'x' }]);
  });

  it("throws the API's error with its message, code and status", async () => {
    stubFetch(() => json(409, { error: 'conflict', message: 'web is not running; start it first.', details: { id: 'abc' } }));
    const err: unknown = await containerAction('abc', 'pause').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(err).toMatchObject({ status: 409, error: 'conflict', message: 'web is not running; start it first.', details: { id: 'abc' } });
    expect(errorMessage(err)).toBe('web is not running; start it first.');
  });

  it('explains an answer that is not an ApiError (a proxy page, say)', async () => {
    stubFetch(() => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const err: unknown = await removeContainer('abc').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, error: 'server_error' });
    expect(errorMessage(err)).toContain('502 Bad Gateway');
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const err: unknown = await listContainers().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, error: 'network' });
    expect(errorMessage(err)).toContain('Failed to fetch');
  });
});
