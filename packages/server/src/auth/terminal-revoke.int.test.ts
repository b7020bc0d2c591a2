import { describe, expect, it } from 'vitest';
import { useTestConsole, type TestConsole } from '../test-support/app.ts';
import { docker, eventually, TEST_LABEL } from '../test-support/docker-cli.ts';
import { terminalApi } from '../test-support/terminal-client.ts';

/**
 * The terminal side of SECURITY item 5 on a real engine: a terminal opened by a user ends — its
 * socket closes and its exec process is killed — when an admin disables that user; and terminals
 * belong to whoever opened them.
 */
let con: TestConsole;

useTestConsole((c) => (con = c));

describe('terminals end with their owner', () => {
  it('keeps host shells for admins: an operator is refused, and the refusal is audited', async () => {
    const op = await con.login('operator');
    const r = await terminalApi({ base: con.base, headers: op.headers }).call('POST', '/api/terminals', { kind: 'host' });
    expect(r.status).toBe(403);
    expect((r.json as { message: string }).message).toMatch(/only an admin/);
    const viewer = await con.login('viewer');
    const v = await terminalApi({ base: con.base, headers: viewer.headers }).call('POST', '/api/terminals', {
      kind: 'exec',
      container: 'int-anything',
    });
    expect(v.status).toBe(403);
  });

  it("disabling a user closes their open terminal and stops the exec, and leaves others' alone", async () => {
    const op = await con.login('operator');
    await docker('run', '-d', '--name', 'int-revoke', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => con.engine.containers.list().some((c) => c.name === 'int-revoke' && c.state === 'running'), 'container running');
    const opApi = terminalApi({ base: con.base, headers: op.headers });
    const adminApi = terminalApi(con);
    const mine = await opApi.create({ kind: 'exec', container: 'int-revoke', command: ['sleep', '4242'] });
    const theirs = await adminApi.create({ kind: 'exec', container: 'int-revoke', command: ['sleep', '4343'] });
    const socket = await opApi.attach(mine.id);
    const top = async () => docker('top', 'int-revoke', '-o', 'pid,args');
    await eventually(async () => (await top()).includes('sleep 4242') && (await top()).includes('sleep 4343'), 'both execs running');

    // Each sees its own; the admin sees both; nobody else can attach to or end the operator's.
    expect((await opApi.list()).map((t) => t.id)).toEqual([mine.id]);
    expect((await adminApi.list()).map((t) => t.id).sort()).toEqual([mine.id, theirs.id].sort());
    await expect(opApi.attach(theirs.id)).rejects.toThrow(/HTTP 404/);
    expect((await opApi.remove(theirs.id)).status).toBe(404);

    const users = (await con.api('GET', '/api/users')).json.users as { id: number; username: string }[];
    const opId = users.find((u) => u.username === op.username)!.id;
    expect((await con.api('PATCH', `/api/users/${opId}`, { disabled: true })).status).toBe(200);

    // The bound the product promises: within 5 s.
    await socket.waitClosed(5000);
    await eventually(async () => !(await top()).includes('sleep 4242'), 'the disabled user’s exec is gone', 5000);
    expect(con.terminals.has(mine.id)).toBe(false);
    expect(con.terminals.has(theirs.id)).toBe(true);
    expect(await top()).toContain('sleep 4343');
    // And it was written down.
    await eventually(
      async () => JSON.stringify((await con.api('GET', '/api/audit?action=terminal.close')).json).includes(op.username),
      'the end of the terminal in the audit log',
      5000,
    );
  });
});
