import { connect, createServer, type Socket } from 'node:net';

export interface CutProxy {
  /** The console's URL through the proxy. */
  url: string;
  /** Drops every connection and refuses new ones until `resume()`: a network outage. */
  cut(): void;
  resume(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of the console that can cut the network, so a test sees what a user sees
 * when a connection drops. Bytes pass unchanged, so the page's origin is the proxy's own address
 * and the console's same-origin checks hold.
 */
export async function startCutProxy(target: string): Promise<CutProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const own = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${own}`,
    cut: () => {
      refusing = true;
      for (const s of open) s.destroy();
    },
    resume: () => {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
