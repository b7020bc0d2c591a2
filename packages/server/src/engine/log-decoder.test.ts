import { describe, expect, it } from 'vitest';
import { LogDecoder, logTimeMs, sinceParam } from './log-decoder.ts';

type Line = [ts: string, stream: number, text: string, cut: number];

function frame(stream: 1 | 2, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
}

function decode(tty: boolean, chunks: Buffer[], maxLine = 1024): Line[] {
  const out: Line[] = [];
  const d = new LogDecoder(tty, maxLine, (ts, s, text, cut) => out.push([ts, s, text, cut]));
  for (const c of chunks) d.push(c);
  d.end();
  return out;
}

/** Cuts a buffer into pieces of `n` bytes: frames and lines must survive any chunking. */
function pieces(b: Buffer, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += n) out.push(b.subarray(i, i + n));
  return out;
}

const T1 = '2025-03-04T05:06:07.123456789Z';
const T2 = '2025-03-04T05:06:08.000000001Z';

describe('LogDecoder', () => {
  const body = Buffer.concat([
    frame(1, `${T1} hello\n`),
    frame(2, `${T2} oops: \u00e9\u00e8\n`),
    frame(1, `${T2} \u001b[31mred\u001b[0m\n`),
  ]);
  const expected: Line[] = [
    [T1, 0, 'hello', 0],
    [T2, 1, 'oops: \u00e9\u00e8', 0],
    [T2, 0, '\u001b[31mred\u001b[0m', 0],
  ];

  it('splits multiplexed frames into stdout and stderr lines with their timestamps', () => {
    expect(decode(false, [body])).toEqual(expected);
  });

  it('gives the same lines however the engine chunks the body, even inside headers and characters', () => {
    for (const n of [1, 2, 3, 5, 7, 8, 9, 13]) expect(decode(false, pieces(body, n)), `chunks of ${n}`).toEqual(expected);
  });

  it('joins a long line the engine sent as several messages, keeping its first timestamp', () => {
    const parts = [frame(1, `${T1} aaaa`), frame(1, `${T2} bbbb`), frame(1, `${T2} cc\n`)];
    expect(decode(false, parts)).toEqual([[T1, 0, 'aaaabbbbcc', 0]]);
  });

  it('caps a line and counts what it dropped', () => {
    const long = 'x'.repeat(5000);
    const lines = decode(false, pieces(frame(1, `${T1} ${long}\n`), 333), 100);
    expect(lines).toEqual([[T1, 0, 'x'.repeat(100), 4900]]);
  });

  it('reads a TTY log as raw lines, dropping the carriage returns', () => {
    const raw = Buffer.from(`${T1} one\r\n${T2} two\r\n`);
    for (const n of [1, 4, 100])
      expect(decode(true, pieces(raw, n))).toEqual([
        [T1, 0, 'one', 0],
        [T2, 0, 'two', 0],
      ]);
  });

  it('keeps a last line without newline when the stream ends', () => {
    expect(decode(false, [frame(1, `${T1} no newline`)])).toEqual([[T1, 0, 'no newline', 0]]);
  });

  it('keeps text that does not start with a timestamp', () => {
    expect(decode(true, [Buffer.from('plain text\n')])).toEqual([['', 0, 'plain text', 0]]);
  });
});

describe('log timestamps', () => {
  it('converts to epoch ms keeping the microseconds', () => {
    expect(logTimeMs(T1)).toBeCloseTo(Date.UTC(2025, 2, 4, 5, 6, 7) + 123.456789, 3);
    expect(logTimeMs('2025-03-04T05:06:07Z')).toBe(Date.UTC(2025, 2, 4, 5, 6, 7));
    expect(logTimeMs('2025-03-04T06:06:07.5+01:00')).toBe(Date.UTC(2025, 2, 4, 5, 6, 7) + 500);
    expect(logTimeMs('nope')).toBeNaN();
  });

  it('gives the engine a since with the nanoseconds', () => {
    expect(sinceParam(T1)).toBe(`${Date.UTC(2025, 2, 4, 5, 6, 7) / 1000}.123456789`);
    expect(sinceParam('2025-03-04T05:06:07.5Z')).toBe(`${Date.UTC(2025, 2, 4, 5, 6, 7) / 1000}.500000000`);
    expect(sinceParam('nope')).toBeUndefined();
  });
});
