import type { IncomingHttpHeaders } from 'node:http';

/**
 * Cross-site websocket hijacking and CSRF guard: a browser always sends `Origin` on websocket
 * upgrades and cross-site POSTs. Accept the console's own origin (same host as the request) and
 * explicitly configured ones; refuse `null` and everything else. A request with no Origin at all
 * does not come from a browser page, so it cannot ride a victim's browser.
 */
export function originAllowed(headers: IncomingHttpHeaders, extra: readonly string[]): { ok: true } | { ok: false; reason: string } {
  const origin = headers.origin;
  if (origin === undefined) return { ok: true };
  if (origin === 'null') return { ok: false, reason: 'Origin "null" (sandboxed or file page) is not allowed' };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { ok: false, reason: `Origin "${origin}" is not a valid origin` };
  }
  if (extra.includes(url.origin)) return { ok: true };
  const host = headers.host;
  if (host && url.host === host && (url.protocol === 'http:' || url.protocol === 'https:')) return { ok: true };
  return { ok: false, reason: `Origin ${url.origin} is not this console's origin; add it with --allowed-origin if it should be` };
}
