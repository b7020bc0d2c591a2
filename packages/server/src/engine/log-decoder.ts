import type { LogStreamKind } from '@phedds/shared';

/** One complete line: the engine's timestamp (RFC 3339, nanoseconds), the stream, the text, bytes cut. */
export type LineHandler = (ts: string, stream: LogStreamKind, text: string, cut: number) => void;

/** The engine's log timestamps are fixed-width RFC 3339 with nanoseconds (30 characters); allow some slack. */
const MAX_TS_CHARS = 40;
const NEWLINE = 0x0a;
const SPACE = 0x20;

/**
 * Turns the bytes of one stream (stdout or stderr) into lines. Each message of the engine starts
 * with its timestamp and a space; a line longer than the engine's 16 KiB message size arrives as
 * several messages, each with its own timestamp, and only the last ends with a newline: such a
 * line keeps its first timestamp and the later ones are dropped. Bounded: at most `maxLineBytes`
 * of a line are kept, the rest is only counted.
 */
class LineAssembler {
  private expectTs = true;
  private tsAcc = '';
  private lineTs: string | undefined;
  private parts: Buffer[] = [];
  private bytes = 0;
  private cut = 0;

  constructor(
    private readonly stream: LogStreamKind,
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
  ) {}

  /** A new engine message starts: it begins with a timestamp. */
  messageStart(): void {
    this.expectTs = true;
    this.tsAcc = '';
  }

  write(buf: Buffer, start: number, end: number): void {
    let s = start;
    while (s < end) {
      if (this.expectTs) {
        const sp = buf.indexOf(SPACE, s);
        const stop = sp === -1 || sp >= end ? end : sp;
        this.tsAcc += buf.toString('latin1', s, stop);
        if (stop === end && this.tsAcc.length <= MAX_TS_CHARS) return; // the timestamp goes on in the next chunk
        this.expectTs = false;
        if (this.tsAcc.length > MAX_TS_CHARS || !/^\d{4}-\d\d-\d\dT/.test(this.tsAcc)) {
          // Not a timestamp after all: keep what was read as text.
          const text = Buffer.from(this.tsAcc, 'latin1');
          this.tsAcc = '';
          this.append(text, 0, text.length, true);
          s = stop;
          continue;
        }
        if (this.lineTs === undefined) this.lineTs = this.tsAcc;
        this.tsAcc = '';
        s = stop + 1;
        continue;
      }
      const nl = buf.indexOf(NEWLINE, s);
      if (nl === -1 || nl >= end) {
        this.append(buf, s, end, true);
        return;
      }
      if (this.parts.length === 0 && this.cut === 0) {
        // The usual case: the whole line is in this chunk; no copy.
        const take = Math.min(nl - s, this.maxLineBytes);
        this.emit(buf.toString('utf8', s, s + take), nl - s - take);
      } else {
        this.append(buf, s, nl, true);
        this.emit(Buffer.concat(this.parts).toString('utf8'), this.cut);
      }
      s = nl + 1;
      this.expectTs = true;
    }
  }

  /** The stream ended: a partial line is still a line. */
  flush(): void {
    if (this.parts.length > 0 || this.cut > 0) this.emit(Buffer.concat(this.parts).toString('utf8'), this.cut);
  }

  private append(buf: Buffer, s: number, e: number, copy: boolean): void {
    const room = this.maxLineBytes - this.bytes;
    const take = Math.max(0, Math.min(e - s, room));
    if (take > 0) {
      // Copied: a slice would keep the engine's whole chunk alive while the line waits for its end.
      this.parts.push(copy ? Buffer.from(buf.subarray(s, s + take)) : buf.subarray(s, s + take));
      this.bytes += take;
    }
    this.cut += e - s - take;
  }

  private emit(text: string, cut: number): void {
    const line = text.endsWith('\r') ? text.slice(0, -1) : text; // a TTY ends its lines with \r\n
    this.onLine(this.lineTs ?? '', this.stream, line, cut);
    this.lineTs = undefined;
    this.parts = [];
    this.bytes = 0;
    this.cut = 0;
  }
}

/**
 * Decodes the engine's `GET /containers/:id/logs?timestamps=true` body. For a container without a
 * TTY the body is multiplexed: frames of an 8-byte header (stream type, 3 zero bytes, payload
 * length big-endian) and a payload; with a TTY it is the raw output (all on stdout). Frames and
 * lines may be cut anywhere between chunks. Memory is bounded whatever the input: a frame's
 * payload is never held whole, and lines are capped.
 */
export class LogDecoder {
  private readonly out: LineAssembler;
  private readonly err: LineAssembler;
  private header = Buffer.alloc(8);
  private headerFill = 0;
  private remaining = 0;
  private current: LineAssembler;

  constructor(
    private readonly tty: boolean,
    maxLineBytes: number,
    onLine: LineHandler,
  ) {
    this.out = new LineAssembler(0, maxLineBytes, onLine);
    this.err = new LineAssembler(1, maxLineBytes, onLine);
    this.current = this.out;
  }

  push(chunk: Buffer): void {
    if (this.tty) {
      this.out.write(chunk, 0, chunk.length);
      return;
    }
    let s = 0;
    while (s < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(8 - this.headerFill, chunk.length - s);
        chunk.copy(this.header, this.headerFill, s, s + take);
        this.headerFill += take;
        s += take;
        if (this.headerFill < 8) return;
        this.headerFill = 0;
        // 0 stdin (never sent), 1 stdout, 2 stderr.
        this.current = this.header[0] === 2 ? this.err : this.out;
        this.remaining = this.header.readUInt32BE(4);
        this.current.messageStart();
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - s);
      this.current.write(chunk, s, s + take);
      this.remaining -= take;
      s += take;
    }
  }

  end(): void {
    this.out.flush();
    this.err.flush();
  }
}

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;
let cachedKey = '';
let cachedMs = 0;

/**
 * The engine's log timestamp (`2024-05-01T10:00:00.123456789Z`) as epoch ms with the fraction
 * kept to the microsecond; NaN when it is not one. The whole-second part is cached: a flood has
 * thousands of lines a second with the same one.
 */
export function logTimeMs(ts: string): number {
  const m = TS.exec(ts);
  if (!m) return NaN;
  const key = m[1]! + m[3]!;
  if (key !== cachedKey) {
    cachedKey = key;
    cachedMs = Date.parse(`${m[1]!}${m[3]!}`);
  }
  return m[2] ? cachedMs + Number(`0.${m[2]}`) * 1000 : cachedMs;
}

/** The engine's `since` parameter for "from this line on": seconds, with the nanoseconds as a fraction. */
export function sinceParam(ts: string): string | undefined {
  const m = TS.exec(ts);
  if (!m) return undefined;
  const sec = Math.floor(Date.parse(`${m[1]!}${m[3]!}`) / 1000);
  return `${sec}.${(m[2] ?? '').padEnd(9, '0')}`;
}
