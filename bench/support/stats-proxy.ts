import { connect, createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';

/**
 * A pass-through proxy between the docker CLI and the engine's unix socket that counts the stats
 * samples the engine delivers on each `GET /containers/<id>/stats` stream (one JSON document
 * with a `"read":` time each), so the benchmark learns how many samples `docker stats` really
 * got without adding a client of its own to the engine. Bytes are forwarded untouched.
 */
export class StatsCountingProxy {
  /** Samples per container id received while counting. */
  readonly samples = new Map<string, number>();
  private counting = false;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly path: string,
    private readonly engineSocket: string,
  ) {}

  async start(): Promise<void> {
    rmSync(this.path, { force: true });
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(this.path, resolve));
  }

  /** Counts only between `count(true)` and `count(false)`. */
  count(on: boolean): void {
    this.counting = on;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.path, { force: true });
  }

  private accept(client: Socket): void {
    const upstream = connect(this.engineSocket);
    this.sockets.add(client).add(upstream);
    let container: string | undefined;
    let carry = '';
    client.on('data', (b: Buffer) => {
      const head = /^GET \/(?:v[\d.]+\/)?containers\/([0-9a-f]{12,64})\/stats/m.exec(b.toString('latin1', 0, Math.min(b.length, 512)));
      if (head) container = head[1];
      upstream.write(b);
    });
    upstream.on('data', (b: Buffer) => {
      client.write(b);
      if (!container) return;
      // Chunks need not end on a document boundary: keep a few bytes to find a split marker.
      const text = carry + b.toString('latin1');
      let n = 0;
      for (let i = text.indexOf('"read":"'); i >= 0; i = text.indexOf('"read":"', i + 1)) n++;
      carry = text.slice(-7);
      if (n && this.counting) this.samples.set(container, (this.samples.get(container) ?? 0) + n);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }
}
