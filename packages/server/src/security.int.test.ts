import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { useTestConsole, type TestConsole } from './test-support/app.ts';
import { docker, eventually, TEST_LABEL } from './test-support/docker-cli.ts';
import { terminalApi } from './test-support/terminal-client.ts';

/**
 * The whole console, not a stand-in, locked down (SECURITY items 1–5): every route it registers has
 * a rule, and none of them answers a stranger; sockets check the session, the role and the Origin
 * at the upgrade; a viewer reads but cannot act.
 */
let con: TestConsole;
const PUBLIC = new Set([
  'GET /api/health',
  'GET /api/auth/setup',
  'POST /api/auth/setup',
  'POST /api/auth/login',
  'POST /api/shares/redeem',
]);

/** A registered route with its parameters filled in with something that looks right. */
function concrete(route: string): string {
  return route
    .replace(':id/attach', '00000000-0000-0000-0000-000000000000/attach')
    .replace(/:(id|name|service|action)/g, 'x')
    .replace(':version', '1');
}

function upgrade(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', reject);
  });
}

useTestConsole((c) => (con = c));

describe('the console locked down', () => {
  it('gives every route it serves an access rule (anything else would be refused to everyone)', () => {
    expect(con.auth.routesWithoutRule()).toEqual([]);
    expect(con.auth.routes().filter((r) => r.includes(' /api/')).length).toBeGreaterThan(40);
  });

  it('answers 401 on every API route and websocket path without a session, but login, setup, share links and health', async () => {
    const routes = [...new Set(con.auth.routes().filter((r) => r.includes(' /api/')))];
    for (const r of routes) {
      const [method, path] = r.split(' ') as [string, string];
      const res = await fetch(con.base + concrete(path), {
        method,
        headers: { origin: con.base, ...(method !== 'GET' && method !== 'DELETE' ? { 'content-type': 'application/json' } : {}) },
        ...(method !== 'GET' && method !== 'DELETE' ? { body: '{}' } : {}),
      });
      await res.arrayBuffer();
      if (PUBLIC.has(r)) expect(res.status, r).not.toBe(401);
      else expect(res.status, r).toBe(401);
    }
    for (const path of ['/api/live', '/api/logs', '/api/terminals/00000000-0000-0000-0000-000000000000/attach']) {
      expect(await upgrade(con.wsBase + path, { origin: con.base }), path).toBe(401);
    }
    // The page itself is public: it carries no data.
    expect((await fetch(con.base + '/')).status).not.toBe(401);
  });

  it('refuses cross-origin upgrades on every socket, even with a valid session', async () => {
    const info = await terminalApi(con).create({ kind: 'host' });
    for (const path of ['/api/live', '/api/logs', `/api/terminals/${info.id}/attach`]) {
      for (const origin of ['http://evil.test', 'null', con.base.replace(/:\d+$/, ':1')]) {
        expect(await upgrade(con.wsBase + path, { ...con.headers, origin }), `${path} from ${origin}`).toBe(403);
      }
      expect(await upgrade(con.wsBase + path, con.headers), path).toBe(101);
    }
    expect((await terminalApi(con).remove(info.id)).status).toBe(200);
  });

  it('lets a viewer watch but not act: no lifecycle, no terminal, no deploy, no accounts', async () => {
    await docker('run', '-d', '--name', 'int-sec-target', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => con.engine.containers.find('int-sec-target')?.state === 'running', 'running');
    const viewer = await con.login('viewer');
    expect((await viewer.api('GET', '/api/containers')).status).toBe(200);
    expect((await viewer.api('GET', '/api/containers/int-sec-target/top')).status).toBe(200);
    const refused: [string, string, unknown?][] = [
      ['POST', '/api/containers/int-sec-target/stop'],
      ['DELETE', '/api/containers/int-sec-target'],
      ['POST', '/api/terminals', { kind: 'exec', container: 'int-sec-target' }],
      ['POST', '/api/networks', { name: 'int-sec-net' }],
      ['POST', '/api/stacks/int-sec/deploy', { compose: 'services: {a: {image: busybox:local}}' }],
      ['GET', '/api/users'],
      ['GET', '/api/audit'],
    ];
    for (const [method, path, body] of refused) {
      const r = await viewer.api(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.json.message, `${method} ${path}`).toMatch(/role \(viewer\)/);
    }
    expect(await docker('inspect', '-f', '{{.State.Status}}', 'int-sec-target')).toBe('running');
    // Sockets: the live and logs sockets are reads; a terminal socket is not, even to someone else's session.
    expect(await upgrade(con.wsBase + '/api/live', viewer.headers)).toBe(101);
    expect(await upgrade(con.wsBase + '/api/logs', viewer.headers)).toBe(101);
    const admins = await terminalApi(con).create({ kind: 'exec', container: 'int-sec-target' });
    expect(await upgrade(`${con.wsBase}/api/terminals/${admins.id}/attach`, viewer.headers)).toBe(403);
    await terminalApi(con).remove(admins.id);
    // And the refusals are in the audit log, with who asked.
    const audit = (await con.api('GET', '/api/audit?result=denied')).json as { entries: { actor: string | null; target: string | null }[] };
    expect(audit.entries.some((e) => e.actor === viewer.username && e.target === 'POST /api/containers/int-sec-target/stop')).toBe(true);
  });

  it('keeps an operator from the host, and writes the terminal it opens into the audit log', async () => {
    const op = await con.login('operator');
    const host = await op.api('POST', '/api/terminals', { kind: 'host' });
    expect(host.status).toBe(403);
    const t = await terminalApi({ base: con.base, headers: op.headers }).create({ kind: 'exec', container: 'int-sec-target' });
    await terminalApi({ base: con.base, headers: op.headers }).remove(t.id);
    const audit = JSON.stringify((await con.api('GET', '/api/audit?action=terminal.open')).json);
    expect(audit).toContain(op.username);
    expect(audit).toContain('int-sec-target');
  });

  it('never echoes a password: not in answers, not in the audit log', async () => {
    const bad = await fetch(`${con.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: con.base },
      body: JSON.stringify({ username: 'admin', password: 'wrong-Secret-Value-123' }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('wrong-Secret-Value-123');
    const made = await con.api('POST', '/api/users', { username: 'int-sec-user', password: 'Another-Secret-Value-456', role: 'viewer' });
    expect(made.status).toBe(201);
    expect(JSON.stringify(made.json)).not.toContain('Another-Secret-Value-456');
    const audit = JSON.stringify((await con.api('GET', '/api/audit?limit=500')).json);
    expect(audit).toContain('int-sec-user');
    expect(audit).not.toContain('wrong-Secret-Value-123');
    expect(audit).not.toContain('Another-Secret-Value-456');
  });
});
