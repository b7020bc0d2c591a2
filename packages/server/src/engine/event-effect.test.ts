import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  actionVerb,
  containerEffect,
  eventTimeMs,
  LineSplitter,
  resourceEffect,
  type EngineEvent,
  type ResourceEffect,
} from './event-effect.ts';

const recorded = readFileSync(new URL('./fixtures/events.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as EngineEvent);

describe('containerEffect on a recorded event stream', () => {
  it('refreshes on lifecycle events, ignores health-check execs and image events', () => {
    const effects = recorded.map((e) => ({ action: e.Action, type: e.Type, effect: containerEffect(e).kind }));
    for (const x of effects) {
      if (x.type === 'image') expect(x.effect).toBe('ignore');
      if (x.action?.startsWith('exec_')) expect(x.effect).toBe('ignore');
      if (x.type === 'container' && ['create', 'start', 'die', 'pause'].includes(x.action ?? '')) expect(x.effect).toBe('refresh');
      if (x.action === 'health_status: healthy') expect(x.effect).toBe('refresh');
    }
    expect(effects.filter((x) => x.effect === 'refresh').length).toBeGreaterThan(5);
  });

  it('refreshes the container named by a network connect, removes on destroy', () => {
    const connect = recorded.find((e) => e.Type === 'network' && e.Action === 'connect')!;
    expect(containerEffect(connect)).toEqual({ kind: 'refresh', id: connect.Actor!.Attributes!.container });
    expect(containerEffect({ Type: 'container', Action: 'destroy', Actor: { ID: 'abc' } })).toEqual({ kind: 'remove', id: 'abc' });
    expect(containerEffect({ Type: 'network', Action: 'create', Actor: { ID: 'n' } })).toEqual({ kind: 'ignore' });
    expect(containerEffect({ Type: 'container', Action: 'start' })).toEqual({ kind: 'ignore' });
  });
});

describe('event helpers', () => {
  it('extracts the verb and the time', () => {
    expect(actionVerb('exec_start: /bin/sh -c true')).toBe('exec_start');
    expect(actionVerb('die')).toBe('die');
    expect(eventTimeMs({ timeNano: 1795821145108908000 })).toBeCloseTo(1795821145108.908, 2);
    expect(eventTimeMs({ time: 1795821145 })).toBe(1795821145000);
    expect(eventTimeMs({})).toBeUndefined();
  });

  it('splits JSON lines across chunk boundaries', () => {
    const s = new LineSplitter();
    expect(s.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(s.push(':2}\n\n{"c":3}')).toEqual(['{"b":2}']);
    expect(s.push('\n')).toEqual(['{"c":3}']);
  });

  it('drops an endless line instead of buffering it', () => {
    const s = new LineSplitter(10);
    expect(s.push('x'.repeat(50))).toEqual([]);
    expect(s.push('y\n{"ok":1}\n')).toEqual(['y', '{"ok":1}']);
  });
});

describe('resourceEffect on a recorded event stream', () => {
  const objectEvents = readFileSync(new URL('./fixtures/object-events.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EngineEvent);
  const effectOf = (type: string, action: string): ResourceEffect[] =>
    objectEvents.filter((e) => e.Type === type && e.Action === action).map(resourceEffect);

  it('refreshes networks on create, removes on destroy, leaves connect to the containers', () => {
    const created = effectOf('network', 'create');
    expect(created.length).toBeGreaterThan(0);
    for (const e of created)
      expect(e).toMatchObject({ kind: 'refresh', resource: 'network', key: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    for (const e of effectOf('network', 'destroy')) expect(e.kind).toBe('remove');
    for (const e of [...effectOf('network', 'connect'), ...effectOf('network', 'disconnect')]) expect(e.kind).toBe('ignore');
    expect(effectOf('network', 'prune')).toEqual([{ kind: 'reconcile', resource: 'network' }]);
  });

  it('keys volumes by name, ignores mounts, and reconciles after a prune (which names no volume)', () => {
    expect(effectOf('volume', 'create')).toContainEqual({ kind: 'refresh', resource: 'volume', key: 'fixvol' });
    expect(effectOf('volume', 'destroy')).toEqual([{ kind: 'remove', resource: 'volume', key: 'fixtmp' }]);
    for (const e of [...effectOf('volume', 'mount'), ...effectOf('volume', 'unmount')]) expect(e.kind).toBe('ignore');
    expect(effectOf('volume', 'prune')).toEqual([{ kind: 'reconcile', resource: 'volume' }]);
  });

  it('confirms every image event that names an id with a read', () => {
    for (const action of ['tag', 'untag', 'delete']) {
      const effects = effectOf('image', action);
      expect(effects.length, action).toBeGreaterThan(0);
      for (const e of effects)
        expect(e).toMatchObject({ kind: 'refresh', resource: 'image', key: expect.stringMatching(/^sha256:/) as unknown });
    }
    expect(resourceEffect({ Type: 'image', Action: 'pull', Actor: { ID: 'busybox:latest' } })).toEqual({
      kind: 'reconcile',
      resource: 'image',
    });
    expect(resourceEffect({ Type: 'image', Action: 'push', Actor: { ID: 'sha256:x' } })).toEqual({ kind: 'ignore' });
  });

  it('leaves container events to the container inventory', () => {
    for (const e of objectEvents.filter((x) => x.Type === 'container')) expect(resourceEffect(e)).toEqual({ kind: 'ignore' });
  });
});
