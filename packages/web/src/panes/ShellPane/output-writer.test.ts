import { describe, expect, it } from 'vitest';
import { OutputWriter } from './output-writer.ts';

function fakeTerminal() {
  const written: (Uint8Array | string)[] = [];
  const pending: (() => void)[] = [];
  const write = (data: Uint8Array | string, done?: () => void): void => {
    written.push(data);
    if (done) pending.push(done);
  };
  const parseAll = (): void => {
    for (const d of pending.splice(0)) d();
  };
  return { written, write, parseAll };
}

const bytes = (n: number): Uint8Array => new Uint8Array(n).fill(0x61);

describe('OutputWriter', () => {
  it('passes output through and tracks what the terminal has not parsed yet', () => {
    const t = fakeTerminal();
    const w = new OutputWriter(t.write, 100);
    w.output(bytes(40));
    w.output(bytes(40));
    expect(w.pending).toBe(80);
    t.parseAll();
    expect(w.pending).toBe(0);
    expect(t.written).toHaveLength(2);
  });

  it('skips output over the limit, then says how much once the backlog drained', () => {
    const t = fakeTerminal();
    const w = new OutputWriter(t.write, 100);
    w.output(bytes(90));
    w.output(bytes(30)); // over the limit: skipped
    w.output(bytes(2048)); // skipped too
    expect(t.written).toHaveLength(1);
    expect(w.skippedTotal).toBe(2078);
    t.parseAll();
    w.output(bytes(10));
    expect(t.written).toHaveLength(3);
    expect(String(t.written[1])).toContain('2 KB of output skipped');
    expect(t.written[2]).toHaveLength(10);
    w.output(bytes(10));
    expect(t.written).toHaveLength(4); // the notice is said once
  });

  it('writes console notes in order with the output', () => {
    const t = fakeTerminal();
    const w = new OutputWriter(t.write);
    w.output(bytes(1));
    w.note('[exited]');
    expect(t.written[1]).toBe('[exited]');
  });

  it('reports output done once parsed, and skipped output at once', () => {
    const t = fakeTerminal();
    const w = new OutputWriter(t.write, 100);
    const done: number[] = [];
    w.output(bytes(60), () => done.push(60));
    w.output(bytes(60), () => done.push(61)); // over the limit: skipped, so done now
    expect(done).toEqual([61]);
    t.parseAll();
    expect(done).toEqual([61, 60]);
  });
});
