import {
  decodeFrame,
  parseAck,
  parseResize,
  TERMINAL_ACK_WINDOW,
  TERMINAL_MAX_COLS,
  TERMINAL_MAX_ROWS,
  TERMINAL_REPLAY_BYTES,
  TerminalChannel,
  type TerminalControl,
  type TerminalInfo,
} from '@phedds/shared';
import type { RawData, WebSocket } from 'ws';
import { controlFrame, outputFrame, SOCKET_OPEN } from './frames.ts';
import { exitStatus, type ProcessExit, type TerminalProcess } from './process.ts';
import { TerminalMirror } from './mirror.ts';
import { ReplayBuffer } from './replay-buffer.ts';

export interface FlowLimits {
  /** Bytes handed to the socket but not yet written; above this the process is paused. */
  highWater: number;
  /** Resume once the socket drained below this. */
  lowWater: number;
  /**
   * Frames are at least this far apart while output keeps coming: a lone keystroke's echo leaves
   * at the end of the current I/O round, a flood goes out in few large frames.
   */
  batchMs: number;
  /** Send at once when this much is gathered. */
  batchBytes: number;
  /**
   * For a client that acks (channel 5): output sent but not yet acknowledged above which the
   * process is paused, so a page that reads everything but draws slowly still slows the program.
   */
  ackWindow: number;
  /** Resume once the unacknowledged output went below this. */
  ackResume: number;
}

export const DEFAULT_FLOW: FlowLimits = {
  highWater: 1024 * 1024,
  lowWater: 256 * 1024,
  batchMs: 4,
  batchBytes: 64 * 1024,
  ackWindow: TERMINAL_ACK_WINDOW,
  ackResume: TERMINAL_ACK_WINDOW / 2,
};

/** The socket was replaced by a newer attach; the page should not try to re-attach. */
export const CLOSE_REPLACED = 4001;

export type SessionMeta = Omit<TerminalInfo, 'attached' | 'exitCode'>;

export interface SessionHooks {
  attached(s: TerminalSession): void;
  /** The socket went away while the process still runs (or its exit was not yet seen). */
  detached(s: TerminalSession): void;
  /** The process ended; `delivered` when an attached socket was told. */
  exited(s: TerminalSession, delivered: boolean): void;
}

interface Attachment {
  ws: WebSocket;
  inFlight: number;
  pending: Buffer[];
  pendingBytes: number;
  timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  lastFlush: number;
  alive: boolean;
  /** The client acks what it has drawn (it sent an ack frame). */
  acking: boolean;
  /** Output payload bytes sent since the attach and not acknowledged. */
  unacked: number;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * One terminal: a process, the last output for replay, and at most one attached socket. Output
 * always goes into the replay buffer; to an attached socket it goes in batches, and when the
 * socket cannot keep up (more than `highWater` bytes unwritten) or, for a client that acks, the
 * page has not drawn more than `ackWindow` bytes, the process itself is paused, so a flood never
 * piles up in the server or the page and the program simply blocks, as it would on a slow tty.
 */
export class TerminalSession {
  private att: Attachment | undefined;
  private readonly replay = new ReplayBuffer(TERMINAL_REPLAY_BYTES);
  /** Read-only views (an audience's): they get the output, never slow it, never send input. */
  private readonly mirrors = new Set<TerminalMirror>();
  private paused = false;
  private stdinWaiting: Attachment | undefined;
  private exit: ProcessExit | undefined;

  constructor(
    readonly meta: SessionMeta,
    readonly proc: TerminalProcess,
    private readonly hooks: SessionHooks,
    private readonly flow: FlowLimits = DEFAULT_FLOW,
  ) {
    proc.onData((chunk) => this.output(chunk));
    proc.onExit((e) => this.exited(e));
    proc.onDrain(() => {
      const a = this.stdinWaiting;
      this.stdinWaiting = undefined;
      if (a && a === this.att) a.ws.resume();
    });
  }

  get id(): string {
    return this.meta.id;
  }

  get ended(): boolean {
    return this.exit !== undefined;
  }

  /** Output held for the attached socket: gathered for the next frame plus sent but not yet written. */
  get heldBytes(): number {
    const a = this.att;
    return a ? a.inFlight + a.pendingBytes : 0;
  }

  get attached(): boolean {
    return this.att !== undefined;
  }

  info(): TerminalInfo {
    const exitCode = this.exit ? exitStatus(this.exit) : undefined;
    return { ...this.meta, attached: this.att !== undefined, ...(exitCode !== undefined ? { exitCode } : {}) };
  }

  /** Attaches a socket: control `attached`, the replay, then live output. Replaces any earlier socket. */
  attach(ws: WebSocket): void {
    const prev = this.att;
    if (prev) {
      this.detach(prev, false);
      this.control(prev, {
        type: 'error',
        error: 'attached_elsewhere',
        message: 'This terminal was opened in another tab or window, so it was disconnected here.',
      });
      prev.ws.close(CLOSE_REPLACED, 'attached elsewhere');
    }
    const att: Attachment = {
      ws,
      inFlight: 0,
      pending: [],
      pendingBytes: 0,
      timer: undefined,
      lastFlush: 0,
      alive: true,
      acking: false,
      unacked: 0,
    };
    this.att = att;
    this.hooks.attached(this);
    const replay = this.replay.contents();
    this.control(att, { type: 'attached', session: this.info(), replayBytes: replay.length });
    if (replay.length > 0) this.sendOutput(att, outputFrame([replay]));
    if (this.exit) {
      this.finish(att, this.exit);
      this.hooks.exited(this, true);
      return;
    }
    ws.on('message', (data, isBinary) => this.input(att, data, isBinary));
    ws.on('pong', () => (att.alive = true));
    ws.on('close', () => this.detach(att, true));
    ws.on('error', () => this.detach(att, true));
  }

  /** Adds a read-only mirror: the replay, then the output as it comes; it ends with the process. */
  watch(ws: WebSocket): void {
    const m = new TerminalMirror(ws, this.info(), this.replay.contents(), (x) => this.mirrors.delete(x));
    if (this.exit) m.exit(this.exit.code, this.exit.signal);
    else this.mirrors.add(m);
  }

  /** Called every heartbeat period: a socket that missed a whole period is dead (lid closed, cable cut). */
  heartbeat(): void {
    const a = this.att;
    if (!a) return;
    if (!a.alive) {
      this.detach(a, true);
      a.ws.terminate();
      return;
    }
    a.alive = false;
    a.ws.ping();
  }

  private output(chunk: Buffer): void {
    this.replay.push(chunk);
    for (const m of this.mirrors) m.push(chunk);
    const a = this.att;
    if (!a) return;
    a.pending.push(chunk);
    a.pendingBytes += chunk.length;
    if (a.pendingBytes >= this.flow.batchBytes) this.flush(a);
    else if (!a.timer) {
      const wait = a.lastFlush + this.flow.batchMs - performance.now();
      a.timer = wait > 0 ? setTimeout(() => this.flush(a), wait) : setImmediate(() => this.flush(a));
    }
  }

  private flush(a: Attachment): void {
    if (a.timer) {
      clearTimeout(a.timer as NodeJS.Timeout);
      clearImmediate(a.timer as NodeJS.Immediate);
      a.timer = undefined;
    }
    if (a.pendingBytes === 0) return;
    a.lastFlush = performance.now();
    const frame = outputFrame(a.pending, a.pendingBytes);
    a.pending = [];
    a.pendingBytes = 0;
    this.sendOutput(a, frame);
  }

  private sendOutput(a: Attachment, frame: Buffer): void {
    if (a.ws.readyState !== SOCKET_OPEN) return;
    a.unacked += frame.length - 1;
    this.send(a, frame);
  }

  private send(a: Attachment, frame: Buffer): void {
    if (a.ws.readyState !== SOCKET_OPEN) return;
    a.inFlight += frame.length;
    a.ws.send(frame, { binary: true }, () => {
      a.inFlight -= frame.length;
      this.checkFlow(a);
    });
    this.checkFlow(a);
  }

  /**
   * Two limits, either one pauses the process: bytes the socket has not written yet (a client that
   * stopped reading), and for an acking client, bytes it has not drawn yet (a page that reads at
   * once but draws at its own speed). It resumes when both are below their low marks.
   */
  private checkFlow(a: Attachment): void {
    if (a !== this.att) return;
    const f = this.flow;
    if (this.paused) {
      if (a.inFlight <= f.lowWater && (!a.acking || a.unacked <= f.ackResume)) this.setPaused(false);
    } else if (a.inFlight > f.highWater || (a.acking && a.unacked > f.ackWindow)) this.setPaused(true);
  }

  private control(a: Attachment, msg: TerminalControl): void {
    this.send(a, controlFrame(msg));
  }

  private setPaused(p: boolean): void {
    this.paused = p;
    if (p) this.proc.pause();
    else this.proc.resume();
  }

  private input(a: Attachment, data: RawData, isBinary: boolean): void {
    a.alive = true;
    if (a !== this.att || this.exit) return;
    const bad = (message: string): void => this.control(a, { type: 'error', error: 'bad_frame', message });
    if (!isBinary) return bad('Text frames are not part of the terminal protocol; send binary frames (channel byte, then payload).');
    const frame = decodeFrame(toBuffer(data));
    if (!frame) return bad('Empty frame or unknown channel; the first byte must be 0 (stdin), 4 (resize) or 5 (ack).');
    switch (frame.channel) {
      case TerminalChannel.stdin:
        if (frame.payload.length > 0 && !this.proc.write(frame.payload)) {
          // The process is not reading its input: stop reading the socket until it catches up.
          this.stdinWaiting = a;
          a.ws.pause();
        }
        return;
      case TerminalChannel.resize: {
        const size = parseResize(frame.payload);
        if (!size) {
          return bad(`Invalid resize: send {"cols": n, "rows": n}, whole numbers from 1 to ${TERMINAL_MAX_COLS} and ${TERMINAL_MAX_ROWS}.`);
        }
        this.proc.resize(size.cols, size.rows);
        return;
      }
      case TerminalChannel.ack: {
        const n = parseAck(frame.payload);
        if (n === undefined) return bad('Invalid ack: send the number of output bytes done with, in ASCII digits.');
        a.acking = true;
        a.unacked = Math.max(0, a.unacked - n);
        this.checkFlow(a);
        return;
      }
      default:
        return bad(`Channel ${frame.channel} carries the server's output; a client sends 0 (stdin), 4 (resize) or 5 (ack).`);
    }
  }

  private detach(a: Attachment, notify: boolean): void {
    if (this.att !== a) return;
    this.flush(a);
    this.att = undefined;
    if (this.stdinWaiting === a) this.stdinWaiting = undefined;
    // Nobody is waiting for the output now: it goes to the replay buffer at full speed.
    if (this.paused) this.setPaused(false);
    if (notify) this.hooks.detached(this);
  }

  private finish(a: Attachment, e: ProcessExit): void {
    this.detach(a, false);
    this.control(a, { type: 'exit', code: e.code, ...(e.signal ? { signal: e.signal } : {}) });
    a.ws.close(1000, 'process exited');
  }

  private exited(e: ProcessExit): void {
    this.exit = e;
    for (const m of [...this.mirrors]) m.exit(e.code, e.signal);
    const a = this.att;
    if (a) this.finish(a, e);
    this.hooks.exited(this, a !== undefined);
  }
}
