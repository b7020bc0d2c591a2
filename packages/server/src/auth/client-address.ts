import { BlockList, isIP } from 'node:net';

/** Where a request comes from: the peer, or the client a trusted proxy names. */
export interface AddressSource {
  /** The TCP peer's address. */
  peer: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** True for a TLS connection to this server. */
  encrypted?: boolean;
}

/** `::ffff:1.2.3.4` and `1.2.3.4` are the same client. */
export function normaliseAddress(a: string): string {
  const t = a.trim();
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(t);
  return (m ? m[1]! : t).toLowerCase();
}

/**
 * The proxies whose `X-Forwarded-*` headers are believed: addresses or CIDR ranges
 * (`127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`). Throws with a message naming a bad entry.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const [addr, bits, extra] = raw.trim().split('/');
      const family = isIP(addr ?? '');
      const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
      if (!family || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
        throw new Error(`"${raw}" is not an address or CIDR range for a trusted proxy (e.g. 127.0.0.1 or 10.0.0.0/8)`);
      }
      this.list.addSubnet(addr!, prefix, family === 6 ? 'ipv6' : 'ipv4');
    }
    this.empty = entries.length === 0;
  }

  has(address: string): boolean {
    const a = normaliseAddress(address);
    const family = isIP(a);
    if (!family) return false;
    return this.list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  }
}

function headerList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v.join(',') : v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The client's address. `X-Forwarded-For` counts only when the peer is a trusted proxy; then it is
 * read from the right, skipping trusted hops, and the first other address is the client. A header
 * sent by the client itself (not from a trusted proxy) is ignored, so it cannot dodge throttling.
 */
export function clientAddress(src: AddressSource, trusted: TrustedProxies): string {
  const peer = normaliseAddress(src.peer ?? 'unknown');
  if (trusted.empty || !trusted.has(peer)) return peer;
  const hops = headerList(src.headers['x-forwarded-for']).map(normaliseAddress);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) break; // garbage from further left cannot be trusted
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client;
}

/** Whether the browser reached the console over TLS (directly, or through a trusted proxy that says so). */
export function isSecure(src: AddressSource, trusted: TrustedProxies): boolean {
  if (src.encrypted) return true;
  const peer = normaliseAddress(src.peer ?? '');
  if (trusted.empty || !trusted.has(peer)) return false;
  // The last value is the one our trusted peer wrote; earlier ones may come from the client.
  return headerList(src.headers['x-forwarded-proto']).at(-1)?.toLowerCase() === 'https';
}
