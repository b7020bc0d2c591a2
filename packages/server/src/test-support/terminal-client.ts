import { decodeFrame, encodeFrame, TerminalChannel, type TerminalControl, type TerminalCreate, type TerminalInfo } from '@phedds/shared';
import WebSocket from 'ws';

/** A raw client of one terminal attach socket, keeping what a terminal pane would show. */
export class TerminalClient {
  /** Everything received on stdout, as text (only when `keep` is on). */
  output = '';
  outputBytes = 0;
  readonly controls: TerminalControl[] = [];
  closed: { code: number; reason: string } | undefined;
  /** Checked on every frame, so a wait ends the moment its output arrives (for timings). */
  private waiters = new Set<() => void>();

  private constructor(
    readonly ws: WebSocket,
    /** Whether to keep the output as text (off for floods: decoding would cost more than the server). */
    public keep: boolean,
  ) {
    ws.on('message', (raw: Buffer) => {
      const f = decodeFrame(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
      if (!f) return;
      if (f.channel === TerminalChannel.control) this.controls.push(JSON.parse(Buffer.from(f.payload).toString('utf8')) as TerminalControl);
      else {
        this.outputBytes += f.payload.length;
        if (this.keep) this.output += Buffer.from(f.payload).toString('utf8');
      }
      for (const w of this.waiters) w();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const w of this.waiters) w();
    });
  }

  /** Opens the socket; rejects with the HTTP status when the upgrade is refused. */
  static open(url: string, opts: { origin?: string; keep?: boolean; headers?: Record<string, string> } = {}): Promise<TerminalClient> {
    return new Promise((resolve, reject) => {
      const headers = { ...opts.headers, ...(opts.origin !== undefined ? { origin: opts.origin } : {}) };
      const ws = new WebSocket(url, { headers });
      const client = new TerminalClient(ws, opts.keep ?? true);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  type(text: string): void {
    this.ws.send(encodeFrame(TerminalChannel.stdin, text));
  }

  /** Acknowledges output bytes as drawn; the first ack turns on the server's flow control for this socket. */
  ack(bytes: number): void {
    this.ws.send(encodeFrame(TerminalChannel.ack, String(bytes)));
  }

  resize(cols: number, rows: number): void {
    this.ws.send(encodeFrame(TerminalChannel.resize, JSON.stringify({ cols, rows })));
  }

  control<T extends TerminalControl['type']>(type: T): Extract<TerminalControl, { type: T }> | undefined {
    return this.controls.find((c) => c.type === type) as Extract<TerminalControl, { type: T }> | undefined;
  }

  /** Waits until the output matches; returns the first capture group, or the whole match. */
  waitFor(re: RegExp, what = String(re), ms = 10_000): Promise<string> {
    return this.until(
      () => {
        const m = re.exec(this.output);
        return m ? (m[1] ?? m[0]) : undefined;
      },
      `${what}`,
      ms,
    );
  }

  /** Resolves with the first defined value of `check`, evaluated now and on every frame. */
  until<T>(check: () => T | undefined, what: string, ms = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        const v = check();
        if (v === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`still not seen after ${ms} ms: ${what}; output so far: ${JSON.stringify(this.output.slice(-400))}`));
      }, ms);
      this.waiters.add(done);
      done();
    });
  }

  waitClosed(ms = 10_000): Promise<{ code: number; reason: string }> {
    return this.until(() => this.closed, 'socket closed', ms);
  }

  close(): void {
    this.ws.close();
  }
}

/** The terminal routes of a test console, as REST calls by one caller (its cookie and origin). */
export function terminalApi(as: { base: string; headers: Record<string, string> }) {
  const base = as.base;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(base + path, {
      method,
      headers: { ...as.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: await res.json() };
  };
  return {
    call,
    async create(req: TerminalCreate): Promise<TerminalInfo> {
      const r = await call('POST', '/api/terminals', req);
      if (r.status !== 201) throw new Error(`POST /api/terminals → ${r.status} ${JSON.stringify(r.json)}`);
      return r.json as TerminalInfo;
    },
    async list(): Promise<TerminalInfo[]> {
      return ((await call('GET', '/api/terminals')).json as { terminals: TerminalInfo[] }).terminals;
    },
    remove: (id: string) => call('DELETE', `/api/terminals/${id}`),
    attach: (id: string, opts: { origin?: string; keep?: boolean } = {}) =>
      TerminalClient.open(`${base.replace(/^http/, 'ws')}/api/terminals/${id}/attach`, { headers: as.headers, ...opts }),
  };
}
