import { describe, expect, it } from 'vitest';
import { parseLogsClientMessage } from './logs.ts';

const limits = { maxContainers: 3 };

describe('logs client messages', () => {
  it('accepts a follow with ids and names, without duplicates', () => {
    expect(parseLogsClientMessage('{"op":"follow","ids":["web-1","abc123","web-1"]}', limits)).toEqual({
      ok: true,
      value: { op: 'follow', ids: ['web-1', 'abc123'] },
    });
    expect(parseLogsClientMessage('{"op":"follow","ids":[]}', limits)).toEqual({ ok: true, value: { op: 'follow', ids: [] } });
    expect(parseLogsClientMessage('{"op":"ping","t":5}', limits)).toEqual({ ok: true, value: { op: 'ping', t: 5 } });
  });

  it('refuses anything else with a reason', () => {
    const bad = [
      'not json',
      '[]',
      '{"op":"follow"}',
      '{"op":"follow","ids":["a","b","c","d"]}',
      '{"op":"follow","ids":["../x"]}',
      '{"op":"follow","ids":[7]}',
      '{"op":"ping"}',
      '{"op":"sub","topic":"logs"}',
      `{"op":"follow","ids":["${'a'.repeat(9000)}"]}`,
    ];
    for (const raw of bad) {
      const r = parseLogsClientMessage(raw, limits);
      expect(r.ok, raw.slice(0, 40)).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    }
  });
});
