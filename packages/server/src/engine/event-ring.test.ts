import type { EngineEventView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from './event-effect.ts';
import { EventRing, healthcheckCommand } from './event-ring.ts';

let nano = 1_700_000_000_000_000_000;
function ev(type: string, action: string, id: string, attrs: Record<string, string> = {}, at?: number): EngineEvent {
  const t = at ?? (nano += 1_000_000);
  return { Type: type, Action: action, Actor: { ID: id, Attributes: attrs }, time: Math.floor(t / 1e9), timeNano: t };
}

describe('EventRing', () => {
  it('keeps the newest events, oldest first, and tells listeners', () => {
    const ring = new EventRing(3);
    const seen: EngineEventView[] = [];
    ring.subscribe((b) => seen.push(...b));
    for (const a of ['create', 'start', 'die', 'destroy']) ring.push(ev('container', a, 'c1', { name: 'web' }));
    expect(ring.list().map((e) => e.action)).toEqual(['start', 'die', 'destroy']);
    expect(seen.map((e) => e.action)).toEqual(['create', 'start', 'die', 'destroy']);
    expect(seen[0]).toMatchObject({ type: 'container', id: 'c1', name: 'web', verb: 'create' });
    expect(seen[0]!.attributes).not.toHaveProperty('name');
  });

  it('bounds attributes (a container event carries every label)', () => {
    const ring = new EventRing();
    const attrs: Record<string, string> = {};
    for (let i = 0; i < 100; i++) attrs[`label.${i}`] = 'v'.repeat(1000);
    ring.push(ev('container', 'start', 'c1', attrs));
    const e = ring.list()[0]!;
    expect(Object.keys(e.attributes).length).toBeLessThanOrEqual(24);
    expect(Math.max(...Object.values(e.attributes).map((v) => v.length))).toBeLessThanOrEqual(200);
  });

  it('skips the events the engine replays after a reconnect', () => {
    const ring = new EventRing();
    const a = ev('network', 'create', 'n1');
    const b = ev('network', 'destroy', 'n1');
    ring.push(a);
    ring.push(b);
    ring.push(a);
    ring.push(b);
    ring.push(ev('network', 'create', 'n2'));
    expect(ring.list().map((e) => `${e.action} ${e.id}`)).toEqual(['create n1', 'destroy n1', 'create n2']);
  });

  it('marks the exec events of a health check, by command and then by exec id', () => {
    const ring = new EventRing();
    ring.observeContainer('c1', { Config: { Healthcheck: { Test: ['CMD-SHELL', 'nc -z 127.0.0.1 80'] } } });
    ring.push(ev('container', 'exec_create: /bin/sh -c nc -z 127.0.0.1 80', 'c1', { execID: 'e1' }));
    ring.push(ev('container', 'exec_start: /bin/sh -c nc -z 127.0.0.1 80', 'c1', { execID: 'e1' }));
    ring.push(ev('container', 'exec_die', 'c1', { execID: 'e1', exitCode: '0' }));
    ring.push(ev('container', 'exec_create: touch /tmp/x', 'c1', { execID: 'e2' }));
    ring.push(ev('container', 'exec_die', 'c1', { execID: 'e2', exitCode: '0' }));
    expect(ring.list().map((e) => Boolean(e.healthCheck))).toEqual([true, true, true, false, false]);
    // A console started between a check's create and start still knows it by its start.
    ring.push(ev('container', 'exec_start: /bin/sh -c nc -z 127.0.0.1 80', 'c1', { execID: 'e3' }));
    ring.push(ev('container', 'exec_die', 'c1', { execID: 'e3', exitCode: '1' }));
    expect(
      ring
        .list()
        .slice(-2)
        .map((e) => e.healthCheck),
    ).toEqual([true, true]);
  });

  it('knows how the engine spells a health check command', () => {
    expect(healthcheckCommand(['CMD-SHELL', 'curl -f localhost'])).toBe('/bin/sh -c curl -f localhost');
    expect(healthcheckCommand(['CMD-SHELL', 'x'], ['/bin/bash', '-lc'])).toBe('/bin/bash -lc x');
    expect(healthcheckCommand(['CMD', 'nc', '-z', 'h', '80'])).toBe('nc -z h 80');
    expect(healthcheckCommand(['NONE'])).toBeUndefined();
    expect(healthcheckCommand(null)).toBeUndefined();
  });
});
