import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toContainerView, type EngineInspect } from './container-mapper.ts';
import type { EngineEvent } from './event-effect.ts';
import { patchFromEvent } from './event-patch.ts';

const fixture = (name: string): EngineInspect =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as EngineInspect;
const recorded = readFileSync(new URL('./fixtures/events.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as EngineEvent);

describe('patchFromEvent (events → state)', () => {
  const running = toContainerView(fixture('inspect-running-healthy-ports.json'));
  const exited = toContainerView(fixture('inspect-exited.json'));

  it('a recorded die event makes a running container exited with its code and time', () => {
    const die = recorded.find((e) => e.Action === 'die')!;
    const next = patchFromEvent(running, die)!;
    expect(next.state).toBe('exited');
    expect(next.exitCode).toBe(Number(die.Actor!.Attributes!.exitCode));
    expect(next.status).toBe(`Exited (${next.exitCode})`);
    expect(next.finishedAt).toBe(Math.floor(die.timeNano! / 1e6));
    expect(running.state).toBe('running'); // the input is not changed
  });

  it('start makes an exited container running, clears its exit code, restarts its health check', () => {
    const next = patchFromEvent(exited, { Type: 'container', Action: 'start', Actor: { ID: exited.id }, timeNano: 2e18 })!;
    expect(next).toMatchObject({ state: 'running', status: 'Up', startedAt: 2e12 });
    expect(next.exitCode).toBeUndefined();
    const withHealth = patchFromEvent({ ...exited, health: 'unhealthy' }, { Type: 'container', Action: 'start' })!;
    expect(withHealth).toMatchObject({ health: 'starting', status: 'Up (starting)' });
  });

  it('pause, unpause, health and rename', () => {
    expect(patchFromEvent(running, { Type: 'container', Action: 'pause' })).toMatchObject({ state: 'paused', status: 'Paused' });
    expect(patchFromEvent({ ...running, state: 'paused' }, { Type: 'container', Action: 'unpause' })).toMatchObject({
      state: 'running',
      status: 'Up (healthy)',
    });
    expect(patchFromEvent(running, { Type: 'container', Action: 'health_status: unhealthy' })).toMatchObject({
      health: 'unhealthy',
      status: 'Up (unhealthy)',
    });
    expect(
      patchFromEvent(running, { Type: 'container', Action: 'rename', Actor: { Attributes: { name: '/renamed', oldName: '/fx-web' } } })
        ?.name,
    ).toBe('renamed');
  });

  it('says nothing for events that do not change what is shown', () => {
    for (const action of ['kill', 'stop', 'create', 'attach', 'exec_start: sh', 'health_status: weird']) {
      expect(patchFromEvent(running, { Type: 'container', Action: action }), action).toBeUndefined();
    }
    expect(patchFromEvent(running, { Type: 'network', Action: 'connect' })).toBeUndefined();
  });

  it('agrees with the engine: patched states equal what a later inspect maps to', () => {
    // The mapper's status line for an exited container is what the patch writes.
    const die = { Type: 'container', Action: 'die', Actor: { Attributes: { exitCode: '3' } } };
    const patched = patchFromEvent(running, die)!;
    expect(patched.status).toBe(exited.status);
    expect(patched.exitCode).toBe(exited.exitCode);
  });
});
