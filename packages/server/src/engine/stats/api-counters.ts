import type { RawCounters } from '@phedds/shared';

/** The parts of the engine's stats JSON (`GET /containers/{id}/stats`) the console reads. */
export interface EngineStatsJson {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
  pids_stats?: { current?: number };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Counters from one one-shot stats answer, in the same shape as those read from cgroup files, so
 * the same maths turns pairs of them into rates. Handles both the cgroup v1 (`total_cache`,
 * `Read`/`Write`) and v2 (`file`, `read`/`write`) flavours of the engine's answer.
 */
export function countersFromApi(at: number, j: EngineStatsJson): RawCounters {
  const c: RawCounters = { at };
  const cpu = num(j.cpu_stats?.cpu_usage?.total_usage);
  if (cpu !== undefined) c.cpuNs = cpu;
  const mem = j.memory_stats;
  const usage = num(mem?.usage);
  if (usage !== undefined) c.memUsage = usage;
  const limit = num(mem?.limit);
  if (limit !== undefined) c.memLimit = limit;
  const s = mem?.stats ?? {};
  const inactive = num(s.total_inactive_file) ?? num(s.inactive_file);
  if (inactive !== undefined) c.memInactiveFile = inactive;
  const cache = num(s.total_cache) ?? num(s.cache) ?? num(s.file);
  if (cache !== undefined) c.memCache = cache;
  if (j.networks) {
    let rx = 0;
    let tx = 0;
    for (const n of Object.values(j.networks)) {
      rx += num(n.rx_bytes) ?? 0;
      tx += num(n.tx_bytes) ?? 0;
    }
    c.netRx = rx;
    c.netTx = tx;
  }
  const blk = j.blkio_stats?.io_service_bytes_recursive;
  if (Array.isArray(blk)) {
    let read = 0;
    let write = 0;
    for (const e of blk) {
      const op = (e.op ?? '').toLowerCase();
      if (op === 'read') read += num(e.value) ?? 0;
      else if (op === 'write') write += num(e.value) ?? 0;
    }
    c.blkRead = read;
    c.blkWrite = write;
  }
  const pids = num(j.pids_stats?.current);
  if (pids !== undefined) c.pids = pids;
  return c;
}
