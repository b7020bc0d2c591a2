import type { PortView } from '@phedds/shared';

export interface PortLink {
  key: string;
  /** Set for published TCP ports: where a browser can open it. */
  href?: string;
  /** "8080→80", or "5353→53/udp"; "80/tcp" for a port that is only exposed. */
  label: string;
  title: string;
}

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);

/** A host for a URL: IPv6 literals get their brackets. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Where a published port can be opened: the page's own host when the port is bound to every
 * address (the engine is usually where the console is), else the address it is bound to.
 */
export function portUrl(port: PortView, pageHostname: string): string | undefined {
  if (port.hostPort === undefined || port.protocol !== 'tcp') return undefined;
  const ip = port.hostIp ?? '';
  const host = WILDCARD_HOSTS.has(ip) ? pageHostname : ip;
  return `http://${urlHost(host)}:${port.hostPort}/`;
}

/**
 * The ports a row shows: published ones first (TCP as links), duplicates from the engine's
 * separate IPv4/IPv6 bindings collapsed, exposed-only ones only when nothing is published.
 */
export function portLinks(ports: readonly PortView[], pageHostname: string): PortLink[] {
  const out: PortLink[] = [];
  const seen = new Set<string>();
  const published = ports.filter((p) => p.hostPort !== undefined);
  const sorted = [...published].sort((a, b) => (a.hostPort ?? 0) - (b.hostPort ?? 0) || a.privatePort - b.privatePort);
  for (const p of sorted) {
    const href = portUrl(p, pageHostname);
    const suffix = p.protocol === 'tcp' ? '' : `/${p.protocol}`;
    const label = `${p.hostPort}→${p.privatePort}${suffix}`;
    const key = href ?? `${p.hostIp ?? ''}:${label}`;
    if (seen.has(key) || (href === undefined && seen.has(label))) continue;
    seen.add(key);
    seen.add(label);
    const bound = p.hostIp && !WILDCARD_HOSTS.has(p.hostIp) ? ` on ${p.hostIp}` : '';
    const entry: PortLink = { key, label, title: `host port ${p.hostPort}${bound} → container port ${p.privatePort}/${p.protocol}` };
    if (href) {
      entry.href = href;
      entry.title = `${href} (${entry.title})`;
    }
    out.push(entry);
  }
  if (out.length > 0) return out;
  for (const p of ports) {
    const label = `${p.privatePort}/${p.protocol}`;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ key: label, label, title: `container port ${label}, exposed but not published` });
  }
  return out;
}
