import { describe, expect, it } from 'vitest';
import { MAX_CLIENT_MESSAGE_BYTES, parseClientMessage } from './messages.ts';

describe('parseClientMessage', () => {
  it('accepts the three client ops', () => {
    expect(parseClientMessage('{"op":"sub","topic":"containers"}')).toEqual({ ok: true, value: { op: 'sub', topic: 'containers' } });
    expect(parseClientMessage('{"op":"unsub","topic":"engine","extra":1}')).toEqual({ ok: true, value: { op: 'unsub', topic: 'engine' } });
    expect(parseClientMessage('{"op":"ping","t":5}')).toEqual({ ok: true, value: { op: 'ping', t: 5 } });
  });

  it.each([
    ['not json', 'not JSON'],
    ['[1,2]', 'JSON object'],
    ['null', 'JSON object'],
    ['{"op":"sub","topic":"secrets"}', 'unknown topic "secrets"'],
    ['{"op":"sub"}', 'unknown topic undefined'],
    ['{"op":"rm -rf"}', 'unknown op'],
    ['{"op":"ping","t":"soon"}', 'numeric'],
  ])('refuses %s with a message that says what is wrong', (raw, words) => {
    const r = parseClientMessage(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(words);
  });

  it('refuses oversized frames before parsing them', () => {
    const r = parseClientMessage(`{"op":"ping","t":1,"pad":"${'x'.repeat(MAX_CLIENT_MESSAGE_BYTES)}"}`);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.message).toContain('too large');
  });
});
