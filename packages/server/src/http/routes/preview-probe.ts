import type { ContainerView, ProbeResult } from '@phedds/shared';
import { request } from 'node:http';
import { EngineError } from '../../engine/errors.ts';

/** Most bytes of an answer read; enough for a name, never a download. */
const MAX_BODY = 8 * 1024;
const WILDCARD = new Set(['', '0.0.0.0', '::']);

/**
 * Where the console itself reaches a published port: the engine's host for a `tcp://` engine, else
 * this machine (a unix socket means the engine runs here), or the address the port is bound to.
 */
export function probeHost(engineAddress: string, hostIp: string | undefined): string {
  if (hostIp && !WILDCARD.has(hostIp)) return hostIp;
  if (/^(tcp|http):\/\//.test(engineAddress)) {
    try {
      return new URL(engineAddress.replace(/^tcp:/, 'http:')).hostname;
    } catch {
      return '127.0.0.1';
    }
  }
  return '127.0.0.1';
}

/** Finds the published TCP port `hostPort` among the container's ports, or says why not. */
export function publishedPort(c: ContainerView, hostPort: number): { hostIp?: string } {
  const p = c.ports.find((x) => x.hostPort === hostPort && x.protocol === 'tcp');
  if (!p) {
    const published = c.ports.filter((x) => x.hostPort !== undefined && x.protocol === 'tcp').map((x) => x.hostPort);
    throw new EngineError(
      400,
      'not_published',
      `${c.name} does not publish TCP port ${hostPort}${published.length ? `; it publishes ${[...new Set(published)].join(', ')}` : '; it publishes no TCP port'}. Only a container's published ports can be previewed.`,
      { container: c.name, port: hostPort },
    );
  }
  return p.hostIp !== undefined ? { hostIp: p.hostIp } : {};
}

/** Who answered: the balancer's header, the demo image's `name=`/`hostname=`, or the page title. */
export function backendOf(headers: Record<string, string | string[] | undefined>, body: string): string | undefined {
  for (const h of ['x-served-by', 'x-backend-server', 'x-upstream']) {
    const v = headers[h];
    const s = Array.isArray(v) ? v[0] : v;
    if (s && s.trim()) return s.trim().slice(0, 100);
  }
  const name = /(?:^|\s)name=(\S+)/.exec(body)?.[1] ?? /(?:^|\s)hostname=(\S+)/.exec(body)?.[1];
  if (name) return name.slice(0, 100);
  const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(body)?.[1]?.trim();
  return title ? title.slice(0, 100) : undefined;
}

/**
 * One GET with a short deadline and a bounded read. Redirects are not followed (a redirect to
 * elsewhere must not make the console fetch it) and no cookie or credential is sent.
 */
export function probe(url: string, timeoutMs: number): Promise<ProbeResult> {
  const at = Date.now();
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<ProbeResult, 'at' | 'url' | 'ms'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ at, url, ms: ms(), ...r });
    };
    const req = request(url, { method: 'GET', headers: { 'user-agent': 'phedds-preview', accept: '*/*' } }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      const done = (): void => {
        const body = Buffer.concat(parts).toString('utf8');
        const backend = backendOf(res.headers, body);
        const excerpt = body.replace(/\s+/g, ' ').trim().slice(0, 200);
        finish({ status: res.statusCode ?? 0, ...(backend ? { backend } : {}), ...(excerpt ? { excerpt } : {}) });
        res.destroy();
      };
      res.on('data', (b: Buffer) => {
        parts.push(b);
        size += b.length;
        if (size >= MAX_BODY) done();
      });
      res.on('end', done);
      res.on('error', (err) => finish({ error: err.message }));
    });
    const timer = setTimeout(() => {
      finish({ error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish({ error: err.code === 'ECONNREFUSED' ? 'connection refused' : err.message }));
    req.end();
  });
}
