import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, parseAck, TerminalChannel } from './terminal.ts';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('terminal acks', () => {
  it('travel on channel 5 as ASCII digits', () => {
    const f = decodeFrame(encodeFrame(TerminalChannel.ack, '65536'));
    expect(f?.channel).toBe(TerminalChannel.ack);
    expect(parseAck(f!.payload)).toBe(65536);
    expect(parseAck(ascii('0'))).toBe(0);
    expect(decodeFrame(new Uint8Array([6, 0x30]))).toBeUndefined();
  });

  it('refuse anything but a whole number of bytes', () => {
    for (const bad of ['', '-1', '1.5', '12x', ' 1', '1e3', '9'.repeat(16)]) expect(parseAck(ascii(bad))).toBeUndefined();
  });
});
