import type { EngineEventView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { useTestConsole, type TestConsole } from '../test-support/app.ts';
import { docker, eventually, removeTestContainers, TEST_LABEL } from '../test-support/docker-cli.ts';
import { LiveClient } from '../test-support/live-client.ts';

let app: TestConsole;
const NET = 'int-events-net';

/** Events a client holds: the snapshot, then each delta. */
function events(c: LiveClient): EngineEventView[] {
  let out: EngineEventView[] = [];
  for (const m of c.messages) {
    if (m.op === 'snapshot' && m.topic === 'events') out = [...m.data];
    if (m.op === 'delta' && m.topic === 'events') out.push(...m.data);
  }
  return out;
}

useTestConsole(
  (c) => (app = c),
  {},
  async () => {
    await removeTestContainers();
    await docker('network', 'rm', NET).catch(() => undefined);
  },
);

describe('the events topic on a real engine', () => {
  it('sends recent events on subscribe, then each new one, from the one engine stream', async () => {
    await docker('run', '-d', '--name', 'int-events-early', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await eventually(
      () => app.engine.events.list().some((e) => e.name === 'int-events-early' && e.action === 'start'),
      'start in the ring',
    );
    const c = await LiveClient.open(`${app.wsBase}/api/live`, app);
    c.ws.send(JSON.stringify({ op: 'sub', topic: 'events' }));
    await eventually(
      () => events(c).some((e) => e.name === 'int-events-early' && e.action === 'start'),
      'the earlier start in the snapshot',
    );

    const netId = await docker('network', 'create', '--label', TEST_LABEL, NET);
    await eventually(() => events(c).some((e) => e.type === 'network' && e.action === 'create' && e.id === netId), 'network create live');
    const create = events(c).find((e) => e.type === 'network' && e.action === 'create' && e.id === netId)!;
    expect(create).toMatchObject({ name: NET, verb: 'create' });
    expect(create.attributes.type).toBe('bridge');

    await docker('rm', '-f', 'int-events-early');
    await eventually(() => events(c).some((e) => e.name === 'int-events-early' && e.action === 'destroy'), 'destroy live');
    const die = events(c).find((e) => e.name === 'int-events-early' && e.action === 'die');
    expect(die?.attributes.exitCode).toBe('137');
    // Sequence numbers only grow, and nothing came twice.
    const seqs = events(c).map((e) => e.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    c.close();
  });

  it('marks a container’s health-check execs, not an exec typed by someone', async () => {
    const id = await docker(
      'run',
      '-d',
      '--name',
      'int-events-health',
      '--label',
      TEST_LABEL,
      '--health-cmd',
      'true',
      '--health-interval',
      '1s',
      'busybox:local',
      'sleep',
      '600',
    );
    await eventually(
      () => app.engine.events.list().filter((e) => e.id === id && e.verb === 'exec_die' && e.healthCheck).length >= 2,
      'two health checks marked',
    );
    await docker('exec', id, 'true');
    await eventually(
      () => app.engine.events.list().some((e) => e.id === id && e.action.startsWith('exec_create: true') && !e.healthCheck),
      'the typed exec',
    );
    const typed = app.engine.events.list().find((e) => e.id === id && e.action.startsWith('exec_create: true') && !e.healthCheck)!;
    expect(typed.healthCheck).toBeUndefined();
  });
});
