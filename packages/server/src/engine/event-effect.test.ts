import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionVerb, containerEffect, eventTimeMs, LineSplitter, type EngineEvent } from './event-effect.ts';

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
