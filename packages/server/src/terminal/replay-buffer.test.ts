import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay-buffer.ts';

describe('ReplayBuffer', () => {
  it('keeps everything under the cap, in order', () => {
    const r = new ReplayBuffer(10);
    r.push(Buffer.from('abc'));
    r.push(Buffer.from('def'));
    expect(r.contents().toString()).toBe('abcdef');
    expect(r.byteLength).toBe(6);
  });

  it('keeps only the newest bytes past the cap, trimming inside a chunk', () => {
    const r = new ReplayBuffer(5);
    r.push(Buffer.from('abc'));
    r.push(Buffer.from('defg'));
    expect(r.contents().toString()).toBe('cdefg');
    r.push(Buffer.from('h'));
    expect(r.contents().toString()).toBe('defgh');
    expect(r.byteLength).toBe(5);
  });

  it('takes the tail of a chunk larger than the cap', () => {
    const r = new ReplayBuffer(4);
    r.push(Buffer.from('xy'));
    r.push(Buffer.from('0123456789'));
    expect(r.contents().toString()).toBe('6789');
  });

  it('stays bounded whatever is pushed', () => {
    const r = new ReplayBuffer(1000);
    for (let i = 0; i < 10_000; i++) r.push(Buffer.alloc(1 + (i % 300), 65));
    expect(r.byteLength).toBe(1000);
    expect(r.contents().length).toBe(1000);
  });

  it('does not start a replay in the middle of a UTF-8 character', () => {
    const r = new ReplayBuffer(4);
    r.push(Buffer.from('aé€')); // 1 + 2 + 3 bytes: keeping 4 cuts é in half
    expect(r.contents().toString()).toBe('€');
  });

  it('empties on clear', () => {
    const r = new ReplayBuffer(5);
    r.push(Buffer.from('abc'));
    r.clear();
    expect(r.byteLength).toBe(0);
    expect(r.contents().length).toBe(0);
  });
});

describe('ReplayBuffer memory', () => {
  it('costs about its capacity even for a flood of one-byte chunks', () => {
    const r = new ReplayBuffer(64 * 1024);
    const one = Buffer.from('y');
    for (let i = 0; i < 200_000; i++) r.push(one);
    expect(r.byteLength).toBe(64 * 1024);
    expect(r.contents().every((b) => b === 121)).toBe(true);
  });
});
