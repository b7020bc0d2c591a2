/** A websocket path on the page's own origin: `wss:` when the page came over https. */
export function socketUrl(loc: Pick<Location, 'protocol' | 'host'>, path: string): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${path}`;
}
