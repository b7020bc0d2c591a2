import type { EngineEventView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { actionTone, eventDetails, filterEvents, type EventFilter } from './model.ts';

let seq = 0;
const ev = (type: string, action: string, extra: Partial<EngineEventView> = {}): EngineEventView => ({
  seq: ++seq,
  time: seq,
  type,
  action,
  verb: action.split(':')[0]!,
  id: `id${seq}`,
  attributes: {},
  ...extra,
});

const all: EventFilter = { types: new Set(['container', 'network', 'volume', 'image', 'other']), text: '', housekeeping: false };

describe('events filter', () => {
  const items = [
    ev('container', 'start', { name: 'web-1' }),
    ev('container', 'exec_create: /bin/sh -c check', { healthCheck: true }),
    ev('network', 'create', { name: 'demo-net' }),
    ev('plugin', 'enable'),
    ev('container', 'top', { name: 'web-1' }),
  ];

  it('lists newest first and hides health checks and top calls unless asked', () => {
    expect(filterEvents(items, all).map((e) => e.action)).toEqual(['enable', 'create', 'start']);
    expect(filterEvents(items, { ...all, housekeeping: true })).toHaveLength(5);
  });

  it('filters by type chip (others under "other") and by words', () => {
    expect(filterEvents(items, { ...all, types: new Set(['network']) }).map((e) => e.name)).toEqual(['demo-net']);
    expect(filterEvents(items, { ...all, types: new Set(['other']) }).map((e) => e.type)).toEqual(['plugin']);
    expect(filterEvents(items, { ...all, text: 'WEB start' }).map((e) => e.name)).toEqual(['web-1']);
  });
});

describe('event wording', () => {
  it('colours actions by what they mean', () => {
    expect(actionTone(ev('container', 'start'))).toBe('good');
    expect(actionTone(ev('container', 'die'))).toBe('bad');
    expect(actionTone(ev('container', 'health_status: unhealthy'))).toBe('bad');
    expect(actionTone(ev('container', 'health_status: healthy'))).toBe('good');
    expect(actionTone(ev('container', 'stop'))).toBe('warn');
  });

  it('names the useful attributes', () => {
    expect(eventDetails(ev('container', 'die', { attributes: { exitCode: '137' } }), () => undefined)).toBe('exit code 137');
    expect(eventDetails(ev('network', 'connect', { attributes: { container: 'abc123456789xyz' } }), () => 'web-1')).toBe('container web-1');
    expect(eventDetails(ev('container', 'exec_start: touch /x'), () => undefined)).toBe('touch /x');
  });
});
