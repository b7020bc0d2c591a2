import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole } from '../test-support/app.ts';
import { docker, eventually, removeTestContainers, TEST_LABEL } from '../test-support/docker-cli.ts';
import { terminalApi } from '../test-support/terminal-client.ts';
import { AccountAdmin } from './admin.ts';
import { endOnRevocation, type Owner } from './revocations.ts';
import { AuthService } from './service.ts';

/**
 * The terminal side of SECURITY item 5 on a real engine: a terminal opened by a user ends — its
 * socket closes and its exec process is killed — when that user is disabled. The console here is
 * the existing one; the owner map stands in for the owner the terminal manager will keep.
 */
let con: TestConsole;
let dir: string;
let auth: AuthService;

beforeAll(async () => {
  await removeTestContainers();
  con = await startTestConsole();
  dir = mkdtempSync(join(tmpdir(), 'phedds-term-revoke-'));
  auth = AuthService.open(dir);
});
afterAll(async () => {
  await con?.app.close();
  auth?.close();
  rmSync(dir, { recursive: true, force: true });
  await removeTestContainers();
});

describe('terminals end with their owner', () => {
  it("disabling a user closes their open terminal and stops the exec, and leaves others' alone", async () => {
    const admin = new AccountAdmin(auth);
    const root = await auth.setup(auth.issueSetupToken()!, 'root', 'admin passphrase 1', undefined, { address: '127.0.0.1' });
    const rootP = auth.principalFromSession(root.secret, '127.0.0.1')!;
    const op = await admin.createUser(rootP, { username: 'oper', password: 'operator passphrase', role: 'operator' });
    const opP = auth.principalFromSession((await auth.login('oper', 'operator passphrase', { address: '127.0.0.1' })).secret, '127.0.0.1')!;

    const owners = new Map<string, Owner>();
    endOnRevocation(auth.revocations, {
      owned: () => [...owners].map(([id, owner]) => ({ id, owner })),
      end: async (id, why) => {
        owners.delete(id);
        await con.terminals.end(id, why);
      },
    });

    await docker('run', '-d', '--name', 'int-revoke', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(() => con.engine.containers.list().some((c) => c.name === 'int-revoke' && c.state === 'running'), 'container running');
    const api = terminalApi(con.base);
    const mine = await api.create({ kind: 'exec', container: 'int-revoke', command: ['sleep', '4242'] });
    const theirs = await api.create({ kind: 'exec', container: 'int-revoke', command: ['sleep', '4343'] });
    owners.set(mine.id, opP);
    owners.set(theirs.id, rootP);
    const socket = await api.attach(mine.id);
    const top = async () => docker('top', 'int-revoke', '-o', 'pid,args');
    await eventually(async () => (await top()).includes('sleep 4242') && (await top()).includes('sleep 4343'), 'both execs running');

    await admin.updateUser(rootP, op.id, { disabled: true });

    // The bound the product promises: within 5 s.
    await socket.waitClosed(5000);
    await eventually(async () => !(await top()).includes('sleep 4242'), 'the disabled user’s exec is gone', 5000);
    expect(con.terminals.has(mine.id)).toBe(false);
    expect(con.terminals.has(theirs.id)).toBe(true);
    expect(await top()).toContain('sleep 4343');
  });
});
