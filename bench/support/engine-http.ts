import { request } from 'node:http';

/** The engine's socket path from DOCKER_HOST (unix only: benchmarks run next to the engine). */
export function engineSocket(): string {
  const h = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (!h.startsWith('unix://')) throw new Error(`benchmarks need a local engine socket; DOCKER_HOST is ${h}`);
  return h.slice('unix://'.length);
}

/** One Engine API call over the unix socket, without a client library in the way. */
export function engineCall(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath: engineSocket(),
        method,
        path,
        headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

export interface RawEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  timeNano: number;
}

/** Follows the engine's event stream; returns a function that closes it. */
export function followEvents(onEvent: (e: RawEvent) => void): () => void {
  const req = request({ socketPath: engineSocket(), path: '/events?filters=' + encodeURIComponent('{"type":["container"]}') }, (res) => {
    let rest = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => {
      const parts = (rest + c).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) if (p.trim()) onEvent(JSON.parse(p) as RawEvent);
    });
  });
  req.on('error', () => undefined);
  req.end();
  return () => req.destroy();
}
