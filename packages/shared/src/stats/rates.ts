import type { HostSample, RawCounters, StatSample, StatTuple } from '../dto/stats.ts';
import { STAT_FIELDS } from '../dto/stats.ts';

/**
 * Counters are cumulative; what a person wants is how fast they grow. These functions turn two
 * readings into rates and percentages. They never guess: a missing reading, a clock that did not
 * advance or a counter that went backwards (the container restarted into a fresh cgroup whose
 * counters start again at zero) give `null`, and the next pair of readings is good again.
 */

function known(v: number | undefined | null): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Per-second rate of a cumulative counter between two readings `dtMs` apart; `null` when unknown. */
export function counterRate(prev: number | undefined | null, next: number | undefined | null, dtMs: number): number | null {
  if (!known(prev) || !known(next) || !(dtMs > 0)) return null;
  if (next < prev) return null; // reset: the counter restarted from zero
  return ((next - prev) * 1000) / dtMs;
}

/** CPU use in percent of one core from two cumulative CPU times (ns) read `dtMs` apart. */
export function cpuPercent(prevNs: number | undefined | null, nextNs: number | undefined | null, dtMs: number): number | null {
  const nsPerSecond = counterRate(prevNs, nextNs, dtMs);
  return nsPerSecond === null ? null : nsPerSecond / 1e7; // ns/s ÷ 1e9 × 100
}

/**
 * Memory in use as `docker stats` shows it: the cgroup's usage minus its inactive page cache
 * (file pages the kernel reclaims first), when that is smaller than the usage.
 */
export function memInUse(usage: number | undefined, inactiveFile: number | undefined): number | null {
  if (!known(usage)) return null;
  if (known(inactiveFile) && inactiveFile < usage) return usage - inactiveFile;
  return usage;
}

/**
 * The limit to show: the container's own when it has one below the host's memory, else the
 * host's (cgroup v1 reports "unlimited" as a huge number, v2 as `max`).
 */
export function effectiveLimit(limit: number | undefined, hostMem: number | undefined): number | null {
  if (known(limit) && (!known(hostMem) || limit <= hostMem)) return limit;
  return known(hostMem) ? hostMem : null;
}

/** A container's sample from its previous and current readings (`prev` absent: first reading). */
export function computeSample(prev: RawCounters | undefined, next: RawCounters, hostMem?: number): StatSample {
  // CPU time going backwards means a fresh cgroup (a restart): no counter of the pair compares.
  if (prev && known(prev.cpuNs) && known(next.cpuNs) && next.cpuNs < prev.cpuNs) prev = undefined;
  const dt = prev ? next.at - prev.at : 0;
  return {
    cpu: prev ? cpuPercent(prev.cpuNs, next.cpuNs, dt) : null,
    mem: memInUse(next.memUsage, next.memInactiveFile),
    memLimit: effectiveLimit(next.memLimit, hostMem),
    memCache: known(next.memCache) ? next.memCache : null,
    netRx: prev ? counterRate(prev.netRx, next.netRx, dt) : null,
    netTx: prev ? counterRate(prev.netTx, next.netTx, dt) : null,
    blkRead: prev ? counterRate(prev.blkRead, next.blkRead, dt) : null,
    blkWrite: prev ? counterRate(prev.blkWrite, next.blkWrite, dt) : null,
    pids: known(next.pids) ? next.pids : null,
  };
}

/** Cumulative CPU times of the whole host (the first line of /proc/stat), in any one unit. */
export interface HostCpuTimes {
  /** All time, busy or not. */
  total: number;
  /** Idle time, including waiting for I/O. */
  idle: number;
}

/** Host CPU in use, percent of one core (`cpus × 100` = every CPU busy). */
export function hostCpuPercent(prev: HostCpuTimes | undefined, next: HostCpuTimes | undefined, cpus: number): number | null {
  if (!prev || !next) return null;
  const total = next.total - prev.total;
  const idle = next.idle - prev.idle;
  if (!(total > 0) || idle < 0 || idle > total) return null;
  return ((total - idle) / total) * cpus * 100;
}

/** Host memory in use: total minus what the kernel says is available without swapping. */
export function hostMemInUse(total: number | undefined, available: number | undefined): number | null {
  if (!known(total) || !known(available) || available > total) return null;
  return total - available;
}

function round(v: number | null, digits: number): number | null {
  if (v === null) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * A sample as it travels: a tuple in `STAT_FIELDS` order, CPU to 0.01 %, bytes and rates to
 * whole numbers (finer digits would only lengthen the message).
 */
export function toTuple(s: StatSample): StatTuple {
  return [
    round(s.cpu, 2),
    round(s.mem, 0),
    round(s.memLimit, 0),
    round(s.memCache, 0),
    round(s.netRx, 0),
    round(s.netTx, 0),
    round(s.blkRead, 0),
    round(s.blkWrite, 0),
    round(s.pids, 0),
  ];
}

/** The sample a tuple carries; a short or malformed tuple reads as unknown fields. */
export function fromTuple(t: readonly (number | null)[]): StatSample {
  const out = {} as Record<(typeof STAT_FIELDS)[number], number | null>;
  STAT_FIELDS.forEach((f, i) => {
    const v = t[i];
    out[f] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  });
  return out;
}

/** The host's sample rounded for the wire. */
export function roundHost(h: HostSample): HostSample {
  return { cpu: round(h.cpu, 2), mem: round(h.mem, 0) };
}
