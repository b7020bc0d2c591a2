import { STAT_FIELDS, type ContainerStatsHistory, type ContainerStatsRecent, type StatsSnapshot } from '@phedds/shared';
import type { StatsSampler } from './sampler.ts';

/** Seconds of history every container gets in a snapshot (the table's sparklines). */
export const RECENT_SECONDS = 60;
/** Containers that get the whole window in a snapshot: the top ones by CPU and by memory. */
export const TOP_BY_EACH = 6;

const r2 = (v: number | null): number | null => (v === null ? null : Math.round(v * 100) / 100);
const r0 = (v: number | null): number | null => (v === null ? null : Math.round(v));

/**
 * What a new `stats` subscriber gets. Bounded whatever the number of containers: 15 minutes of
 * the host, of the sum over all containers and of the top containers (the stacked charts), and
 * one minute of everyone else (the sparklines): about 280 KB for 200 containers once the window
 * is full, where all of it would be some 10 MB.
 */
export function statsSnapshot(sampler: StatsSampler): StatsSnapshot {
  const h = sampler.history;
  const recent = Math.round((RECENT_SECONDS * 1000) / sampler.intervalMs);
  const times = h.lastTimes();
  const latest = sampler.latest();
  // Every container with history in the window, live or not: a sampler that was stopped (nobody
  // watched) has history but no live container until its first sweep.
  const ids = h.containerIds;
  const rank = (field: 'cpu' | 'mem'): string[] =>
    ids
      .map((id) => ({ id, m: h.mean(id, field, recent) }))
      .sort((a, b) => b.m - a.m)
      .slice(0, TOP_BY_EACH)
      .map((r) => r.id);
  const top = new Set([...rank('cpu'), ...rank('mem')]);
  const containers: Record<string, ContainerStatsRecent> = {};
  for (const id of ids) {
    const n = top.has(id) ? times.length : Math.min(recent, times.length);
    const cpu = h.series(id, 'cpu', n).map(r2);
    const mem = h.series(id, 'mem', n).map(r0);
    if (!latest.has(id) && cpu.every((v) => v === null) && mem.every((v) => v === null)) continue; // nothing to show
    containers[id] = { last: latest.get(id) ?? null, cpu, mem };
  }
  const host = h.host();
  const total = h.total();
  return {
    intervalMs: sampler.intervalMs,
    historySeconds: Math.round((h.capacity * sampler.intervalMs) / 1000),
    recentSeconds: RECENT_SECONDS,
    source: sampler.currentSource,
    hostInfo: sampler.hostInfo,
    times,
    host: { cpu: host.cpu.map(r2), mem: host.mem.map(r0) },
    total: { cpu: total.cpu.map((v) => r2(v) ?? 0), mem: total.mem.map((v) => r0(v) ?? 0) },
    containers,
  };
}

/** The whole kept history of one container (`GET /api/containers/:id/stats`), the last `seconds`. */
export function containerHistory(sampler: StatsSampler, id: string, seconds: number): ContainerStatsHistory {
  const h = sampler.history;
  const n = Math.max(1, Math.round((seconds * 1000) / sampler.intervalMs));
  const times = h.lastTimes(n);
  const series = {} as ContainerStatsHistory['series'];
  for (const f of STAT_FIELDS) series[f] = h.series(id, f, n).map(f === 'cpu' ? r2 : r0);
  return { id, intervalMs: sampler.intervalMs, sampling: sampler.running, source: sampler.currentSource, times, series };
}
