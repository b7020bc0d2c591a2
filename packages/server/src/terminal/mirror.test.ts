import { decodeFrame, TerminalChannel, type TerminalInfo } from '@phedds/shared';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { TerminalMirror } from './mirror.ts';

class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  sent: Buffer[] = [];
  closedWith: number | undefined;
  send(b: Buffer): void {
    this.sent.push(b);
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  text(): string {
    return this.sent
      .map((b) => decodeFrame(new Uint8Array(b)))
      .filter((f) => f?.channel === TerminalChannel.stdout)
      .map((f) => Buffer.from(f!.payload).toString())
      .join('');
  }
}

const INFO = { id: 'x', kind: 'host', title: 'host', command: ['bash'], createdAt: 0, attached: true } as unknown as TerminalInfo;

describe('TerminalMirror', () => {
  it('sends the replay after the attached control, then output, and ignores input', () => {
    const ws = new FakeSocket();
    const m = new TerminalMirror(ws as unknown as WebSocket, INFO, Buffer.from('earlier'), () => undefined);
    const first = decodeFrame(new Uint8Array(ws.sent[0]!))!;
    expect(first.channel).toBe(TerminalChannel.control);
    expect(JSON.parse(Buffer.from(first.payload).toString())).toMatchObject({ type: 'attached', replayBytes: 7 });
    m.push(Buffer.from(' now'));
    ws.emit('message', Buffer.from([0, 0x6c, 0x73]));
    expect(ws.text()).toBe('earlier now');
    expect(ws.sent).toHaveLength(3);
  });

  it('skips output while its socket is behind, and says how much', () => {
    const ws = new FakeSocket();
    const m = new TerminalMirror(ws as unknown as WebSocket, INFO, Buffer.alloc(0), () => undefined, 1000);
    ws.bufferedAmount = 5000;
    for (let i = 0; i < 4; i++) m.push(Buffer.alloc(1024, 0x61));
    expect(ws.sent).toHaveLength(1);
    ws.bufferedAmount = 0;
    m.push(Buffer.from('tail'));
    expect(ws.text()).toMatch(/\[… 4 KiB of output skipped on this view\][\s\S]*tail$/);
  });

  it('tells the exit, closes, and reports its end once', () => {
    const ws = new FakeSocket();
    let ended = 0;
    const m = new TerminalMirror(ws as unknown as WebSocket, INFO, Buffer.alloc(0), () => ended++);
    m.exit(0);
    m.close();
    const last = decodeFrame(new Uint8Array(ws.sent.at(-1)!))!;
    expect(JSON.parse(Buffer.from(last.payload).toString())).toEqual({ type: 'exit', code: 0 });
    expect(ws.closedWith).toBe(1000);
    expect(ended).toBe(1);
  });
});
