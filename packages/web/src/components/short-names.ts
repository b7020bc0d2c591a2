/**
 * Names without the part they all share (`phedds-demo-web-1`, `phedds-demo-lb-1` → `web-1`,
 * `lb-1`): what tells containers apart on a projector.
 */
export function shortNames(names: readonly string[]): Map<string, string> {
  const uniq = [...new Set(names)];
  const out = new Map(uniq.map((n) => [n, n]));
  if (uniq.length < 2) return out;
  let prefix = uniq[0]!;
  for (const n of uniq) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  // Cut at a separator, never down to nothing, and keep a word before a bare number (`web-1`, not `1`).
  const lastSep = (s: string): number => Math.max(s.lastIndexOf('-'), s.lastIndexOf('_'), s.lastIndexOf('.'));
  let cut = lastSep(prefix) + 1;
  if (cut > 0 && uniq.every((n) => /^\d+$/.test(n.slice(cut)))) cut = lastSep(prefix.slice(0, cut - 1)) + 1;
  if (cut <= 0) return out;
  for (const n of uniq) if (n.length > cut) out.set(n, n.slice(cut));
  return out;
}
