import type { RawCounters } from '@phedds/shared';

/**
 * Parsers of the kernel's counter files, cgroup v1 and v2 (formats as documented in the kernel's
 * `cgroup-v1/*.rst` and `cgroup-v2.rst`), and of `/proc` files. They take the text as read and
 * never throw: what cannot be parsed is `undefined`.
 */

/** A file holding one integer (`cpuacct.usage`, `memory.current`…). `max` and junk → undefined. */
export function parseSingle(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  return Number(t);
}

/** The value of `key` in a flat-keyed file (`key value` per line, e.g. `memory.stat`, `cpu.stat`). */
export function flatKey(text: string, key: string): number | undefined {
  let i = 0;
  if (!text.startsWith(key + ' ')) {
    const p = text.indexOf('\n' + key + ' ');
    if (p < 0) return undefined;
    i = p + 1;
  }
  const start = i + key.length + 1;
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  return parseSingle(text.slice(start, end));
}

/** cgroup v1 `blkio.throttle.io_service_bytes_recursive`: `MAJ:MIN Op bytes` lines, summed over devices. */
export function parseBlkioV1(text: string): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    const parts = line.split(' ');
    if (parts.length !== 3) continue;
    const op = parts[1]!.toLowerCase();
    const v = Number(parts[2]);
    if (!Number.isFinite(v)) continue;
    if (op === 'read') read += v;
    else if (op === 'write') write += v;
  }
  return { read, write };
}

/** cgroup v2 `io.stat`: `MAJ:MIN rbytes=… wbytes=… rios=…` lines, summed over devices. */
export function parseIoStatV2(text: string): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    for (const kv of line.split(' ')) {
      if (kv.startsWith('rbytes=')) read += Number(kv.slice(7)) || 0;
      else if (kv.startsWith('wbytes=')) write += Number(kv.slice(7)) || 0;
    }
  }
  return { read, write };
}

/**
 * `/proc/<pid>/net/dev`: bytes received and sent, summed over the interfaces of the container's
 * network namespace except loopback (traffic a container sends itself is not network use, and
 * `docker stats` leaves it out too).
 */
export function parseNetDev(text: string): { rx: number; tx: number } | undefined {
  let rx = 0;
  let tx = 0;
  let seen = false;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === 'lo' || name.includes('|')) continue;
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (f.length < 9) continue;
    rx += Number(f[0]) || 0;
    tx += Number(f[8]) || 0;
    seen = true;
  }
  return seen || text.includes('lo:') ? { rx, tx } : undefined;
}

/** Files of one container on cgroup v1, by name, as read (any may be missing). */
export interface V1Texts {
  'cpuacct.usage'?: string;
  'memory.usage_in_bytes'?: string;
  'memory.limit_in_bytes'?: string;
  'memory.stat'?: string;
  'blkio.throttle.io_service_bytes_recursive'?: string;
  'pids.current'?: string;
}

/** Files of one container on cgroup v2, by name, as read (any may be missing). */
export interface V2Texts {
  'cpu.stat'?: string;
  'memory.current'?: string;
  'memory.max'?: string;
  'memory.stat'?: string;
  'io.stat'?: string;
  'pids.current'?: string;
}

function definedOnly(c: RawCounters): RawCounters {
  for (const k of Object.keys(c) as (keyof RawCounters)[]) if (c[k] === undefined) delete c[k];
  return c;
}

/** A container's counters from its cgroup v1 files (and its network namespace's `net/dev`). */
export function countersV1(at: number, t: V1Texts, netDev?: string): RawCounters {
  const stat = t['memory.stat'];
  const blk = t['blkio.throttle.io_service_bytes_recursive'];
  const io = blk !== undefined ? parseBlkioV1(blk) : undefined;
  const net = netDev !== undefined ? parseNetDev(netDev) : undefined;
  return definedOnly({
    at,
    cpuNs: t['cpuacct.usage'] !== undefined ? parseSingle(t['cpuacct.usage']) : undefined,
    memUsage: t['memory.usage_in_bytes'] !== undefined ? parseSingle(t['memory.usage_in_bytes']) : undefined,
    memLimit: t['memory.limit_in_bytes'] !== undefined ? parseSingle(t['memory.limit_in_bytes']) : undefined,
    // The total_ figures include child cgroups (a container may create some); v1 without
    // hierarchy support only has the plain ones.
    memInactiveFile: stat !== undefined ? (flatKey(stat, 'total_inactive_file') ?? flatKey(stat, 'inactive_file')) : undefined,
    memCache: stat !== undefined ? (flatKey(stat, 'total_cache') ?? flatKey(stat, 'cache')) : undefined,
    netRx: net?.rx,
    netTx: net?.tx,
    blkRead: io?.read,
    blkWrite: io?.write,
    pids: t['pids.current'] !== undefined ? parseSingle(t['pids.current']) : undefined,
  });
}

/** A container's counters from its cgroup v2 files (and its network namespace's `net/dev`). */
export function countersV2(at: number, t: V2Texts, netDev?: string): RawCounters {
  const stat = t['memory.stat'];
  const usec = t['cpu.stat'] !== undefined ? flatKey(t['cpu.stat'], 'usage_usec') : undefined;
  const io = t['io.stat'] !== undefined ? parseIoStatV2(t['io.stat']) : undefined;
  const net = netDev !== undefined ? parseNetDev(netDev) : undefined;
  return definedOnly({
    at,
    cpuNs: usec !== undefined ? usec * 1000 : undefined,
    memUsage: t['memory.current'] !== undefined ? parseSingle(t['memory.current']) : undefined,
    memLimit: t['memory.max'] !== undefined ? parseSingle(t['memory.max']) : undefined, // "max" → unlimited
    memInactiveFile: stat !== undefined ? flatKey(stat, 'inactive_file') : undefined,
    memCache: stat !== undefined ? flatKey(stat, 'file') : undefined,
    netRx: net?.rx,
    netTx: net?.tx,
    blkRead: io?.read,
    blkWrite: io?.write,
    pids: t['pids.current'] !== undefined ? parseSingle(t['pids.current']) : undefined,
  });
}

/** The host's CPU times from `/proc/stat`'s first line (jiffies): all, and idle + iowait. */
export function parseProcStat(text: string): { total: number; idle: number; cpus: number } | undefined {
  const nl = text.indexOf('\n');
  const first = text.slice(0, nl < 0 ? text.length : nl);
  if (!first.startsWith('cpu ')) return undefined;
  const f = first.slice(4).trim().split(/\s+/).map(Number);
  if (f.length < 4 || f.some((v) => !Number.isFinite(v))) return undefined;
  // user nice system idle iowait irq softirq steal (guest time is already counted in user).
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const cpus = (text.match(/^cpu\d+ /gm) ?? []).length;
  return { total, idle, cpus };
}

/** `/proc/meminfo`'s total and available memory, in bytes. */
export function parseMeminfo(text: string): { total?: number; available?: number } {
  const kb = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const total = kb('MemTotal');
  const available = kb('MemAvailable');
  return { ...(total !== undefined ? { total } : {}), ...(available !== undefined ? { available } : {}) };
}
