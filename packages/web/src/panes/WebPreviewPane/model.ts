import type { ContainerView, ProbeResult } from '@phedds/shared';
import { portUrl } from '../ContainersPane/ports.ts';

export { shortNames } from '../../components/short-names.ts';

/** A published TCP port of a running container: what the preview can show. */
export interface PreviewTarget {
  containerId: string;
  name: string;
  hostPort: number;
  privatePort: number;
  hostIp?: string;
}

export const targetKey = (t: Pick<PreviewTarget, 'containerId' | 'hostPort'>): string => `${t.containerId}:${t.hostPort}`;

/** Every published TCP port of every running container, once each (the engine lists IPv4 and IPv6 apart). */
export function previewTargets(containers: Iterable<ContainerView>): PreviewTarget[] {
  const out: PreviewTarget[] = [];
  const seen = new Set<string>();
  for (const c of containers) {
    if (c.state !== 'running') continue;
    for (const p of c.ports) {
      if (p.hostPort === undefined || p.protocol !== 'tcp') continue;
      const key = `${c.id}:${p.hostPort}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        containerId: c.id,
        name: c.name,
        hostPort: p.hostPort,
        privatePort: p.privatePort,
        ...(p.hostIp ? { hostIp: p.hostIp } : {}),
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.hostPort - b.hostPort);
}

/**
 * What to show when the presenter has not chosen: the selected container's port, else a
 * balancer (a compose service named like one), else the first port there is.
 */
export function defaultTarget(
  targets: readonly PreviewTarget[],
  selected: string | undefined,
  byId: ReadonlyMap<string, ContainerView>,
): PreviewTarget | undefined {
  const own = targets.find((t) => t.containerId === selected);
  if (own) return own;
  const lb = targets.find((t) =>
    /^(lb|balancer|proxy|load-?balancer|ingress|gateway)$/i.test(byId.get(t.containerId)?.compose?.service ?? ''),
  );
  return lb ?? targets[0];
}

/** Where the browser opens the port: the page's own host for a port bound to every address. */
export function frameUrl(t: PreviewTarget, pageHostname: string, path: string): string | undefined {
  const base = portUrl(
    { privatePort: t.privatePort, hostPort: t.hostPort, protocol: 'tcp', ...(t.hostIp ? { hostIp: t.hostIp } : {}) },
    pageHostname,
  );
  return base ? base.replace(/\/$/, '') + (path.startsWith('/') ? path : `/${path}`) : undefined;
}

/** A request path the console accepts: plain URL characters, starting with a slash. */
export function validPath(path: string): boolean {
  return /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*$/.test(path) && path.length <= 200;
}

/** A colour index (0–7) per back end, in name order: distinct for up to eight back ends. */
export function backendColours(names: Iterable<string>): Map<string, number> {
  return new Map([...new Set(names)].sort().map((n, i) => [n, i % 8]));
}

/** How many answers each back end gave, most first. */
export function tally(results: readonly ProbeResult[]): [backend: string, count: number][] {
  const counts = new Map<string, number>();
  for (const r of results) if (r.backend) counts.set(r.backend, (counts.get(r.backend) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
