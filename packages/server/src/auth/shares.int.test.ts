import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { useTestConsole, type TestConsole } from '../test-support/app.ts';
import { decodeFrame, encodeFrame, TerminalChannel } from '@phedds/shared';
import { docker, eventually, TEST_LABEL } from '../test-support/docker-cli.ts';
import { terminalApi } from '../test-support/terminal-client.ts';

/** Audience share links on the real console: read-only, expiring, revocable, and cut off at once. */
let con: TestConsole;

async function redeem(token: string): Promise<{ status: number; cookie?: string; json: Record<string, unknown> }> {
  const res = await fetch(`${con.base}/api/shares/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: con.base },
    body: JSON.stringify({ token }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  const set = res.headers.getSetCookie().find((c) => c.startsWith('phedds_share='));
  return { status: res.status, json, ...(set ? { cookie: set.split(';')[0]! } : {}) };
}

const tokenOf = (link: string): string => decodeURIComponent(/share=([^&]+)/.exec(link)![1]!);

useTestConsole((c) => (con = c));

describe('audience share links', () => {
  it('are made by admins only, shown once, and listed without their token', async () => {
    const made = await con.api('POST', '/api/shares', { label: 'Keynote', panes: ['containers', 'relations'], hours: 2 });
    expect(made.status).toBe(201);
    const link = made.json.link as string;
    expect(link).toMatch(/^\/watch#share=/);
    const listed = JSON.stringify((await con.api('GET', '/api/shares')).json);
    expect(listed).toContain('Keynote');
    expect(listed).not.toContain(tokenOf(link));
    const op = await con.login('operator');
    expect((await op.api('POST', '/api/shares', { label: 'x', panes: ['containers'], hours: 1 })).status).toBe(403);
    for (const bad of [
      { label: '', panes: ['containers'], hours: 1 },
      { label: 'x', panes: [], hours: 1 },
      { label: 'x', panes: ['containers'], hours: 1000 },
      { label: 'x', panes: ['../etc'], hours: 1 },
    ]) {
      const r = await con.api('POST', '/api/shares', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.json.message).toBeTruthy();
    }
  });

  it('let the audience watch, and refuse every action and every private read, on REST and sockets', async () => {
    await docker('run', '-d', '--name', 'int-share', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => con.engine.containers.find('int-share')?.state === 'running', 'running');
    const made = await con.api('POST', '/api/shares', { label: 'Demo', panes: ['shell', 'containers'], hours: 1 });
    const r = await redeem(tokenOf(made.json.link as string));
    expect(r.status).toBe(200);
    expect(r.json.audience).toMatchObject({ label: 'Demo', panes: ['shell', 'containers'] });
    const headers = { cookie: r.cookie!, origin: con.base };
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(con.base + path, {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    expect((await call('GET', '/api/containers')).status).toBe(200);
    expect((await call('GET', '/api/auth/me')).json.audience).toBeDefined();
    for (const [method, path, body] of [
      ['POST', '/api/containers/int-share/stop', undefined],
      ['POST', '/api/terminals', { kind: 'exec', container: 'int-share' }],
      ['GET', '/api/tokens', undefined],
      ['DELETE', `/api/tokens/${made.json.share ? (made.json.share as { id: number }).id : 0}`, undefined],
      ['GET', '/api/shares', undefined],
      ['POST', '/api/auth/password', { currentPassword: 'a', newPassword: 'b' }],
    ] as const) {
      const res = await call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect(await docker('inspect', '-f', '{{.State.Status}}', 'int-share')).toBe('running');

    // The live socket works, and closes the moment the link is revoked.
    const ws = new WebSocket(`${con.wsBase}/api/live`, { headers });
    await new Promise((res, rej) => ws.once('open', res).once('error', rej));
    const closed = new Promise<number>((res) => ws.once('close', (code) => res(code)));
    const id = (made.json.share as { id: number }).id;
    expect((await con.api('DELETE', `/api/shares/${id}`)).status).toBe(200);
    expect(await closed).toBe(4401);
    expect((await call('GET', '/api/containers')).status).toBe(401);
    expect((await redeem(tokenOf(made.json.link as string))).status).toBe(403);
  });

  it('refuses an expired link, and an ordinary API token posing as one', async () => {
    const made = await con.api('POST', '/api/shares', { label: 'Short', panes: ['containers'], hours: 0.0003 });
    expect(made.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    const late = await redeem(tokenOf(made.json.link as string));
    expect(late.status).toBe(403);
    expect(late.json.message).toMatch(/expired or was revoked/);
    const tok = await con.api('POST', '/api/tokens', { name: 'script', role: 'viewer' });
    expect((await redeem(tok.json.token as string)).status).toBe(403);
    // Nor does a share cookie made from it act as anyone.
    const res = await fetch(`${con.base}/api/containers`, { headers: { cookie: `phedds_share=${tok.json.token as string}` } });
    expect(res.status).toBe(401);
  });

  it("mirror the sharer's terminals read-only: output arrives, input is ignored, nobody else's is shown", async () => {
    const admin = terminalApi(con);
    const shell = await admin.create({ kind: 'host' });
    const typing = await admin.attach(shell.id);
    typing.type('echo BEFORE-$((20+1))\n');
    await typing.waitFor(/BEFORE-21/);
    const op = await con.login('operator');
    await docker('run', '-d', '--name', 'int-share-op', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => con.engine.containers.find('int-share-op')?.state === 'running', 'running');
    const theirs = await terminalApi({ base: con.base, headers: op.headers }).create({ kind: 'exec', container: 'int-share-op' });

    const made = await con.api('POST', '/api/shares', { label: 'Mirror', panes: ['shell'], hours: 1 });
    const r = await redeem(tokenOf(made.json.link as string));
    const headers = { cookie: r.cookie!, origin: con.base };
    const listed = (await (await fetch(`${con.base}/api/terminals`, { headers })).json()) as { terminals: { id: string }[] };
    expect(listed.terminals.map((t) => t.id)).toEqual([shell.id]);

    const ws = new WebSocket(`${con.wsBase}/api/terminals/${shell.id}/watch`, { headers });
    let seen = '';
    ws.on('message', (raw: Buffer) => {
      const f = decodeFrame(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
      if (f?.channel === TerminalChannel.stdout) seen += Buffer.from(f.payload).toString();
    });
    await new Promise((res, rej) => ws.once('open', res).once('error', rej));
    await eventually(() => seen.includes('BEFORE-21'), 'the replay');
    typing.type('echo LIVE-$((40+2))\n');
    await eventually(() => seen.includes('LIVE-42'), 'live output');
    ws.send(encodeFrame(TerminalChannel.stdin, 'echo AUDIENCE-$((1+1))\n'));
    typing.type('echo AFTER-$((5+5))\n');
    await eventually(() => seen.includes('AFTER-10'), 'later output');
    expect(seen).not.toContain('AUDIENCE-2');
    expect(typing.output).not.toContain('AUDIENCE-2');

    const refused = async (path: string): Promise<number> =>
      new Promise((res) => {
        const x = new WebSocket(con.wsBase + path, { headers });
        x.once('open', () => res(101));
        x.once('unexpected-response', (_q, resp) => res(resp.statusCode ?? 0));
      });
    expect(await refused(`/api/terminals/${shell.id}/attach`)).toBe(403);
    expect(await refused(`/api/terminals/${theirs.id}/watch`)).toBe(404);
    ws.close();
    await admin.remove(shell.id);
  });
});
