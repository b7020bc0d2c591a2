/**
 * Resource figures of containers and of the engine's host. The server reads cumulative counters
 * (`RawCounters`), turns pairs of them into a `StatSample` (rates, percentages) and sends samples
 * on the `stats` topic as compact tuples (`StatTuple`).
 */

/**
 * Cumulative counters of one container read at one instant, as the kernel (or the engine's stats
 * API) reports them. Any field may be missing when its source could not be read; `undefined` then
 * means "unknown", never zero.
 */
export interface RawCounters {
  /** Monotonic read time, milliseconds (a performance clock: only differences matter). */
  at: number;
  /** CPU time used since the container's cgroup was created, nanoseconds. */
  cpuNs?: number;
  /** Memory charged to the cgroup, bytes (`memory.usage_in_bytes` / `memory.current`). */
  memUsage?: number;
  /** Inactive page cache, bytes: subtracted from the usage, as `docker stats` does. */
  memInactiveFile?: number;
  /** Page cache, bytes (`total_cache` on cgroup v1, `file` on v2). */
  memCache?: number;
  /** Memory limit, bytes; absent when unlimited. */
  memLimit?: number;
  /** Bytes received and sent on the container's interfaces other than loopback. */
  netRx?: number;
  netTx?: number;
  /** Bytes read from and written to block devices. */
  blkRead?: number;
  blkWrite?: number;
  /** Processes and threads in the container. */
  pids?: number;
}

/** One container's figures for one second, computed from two readings. `null`: unknown. */
export interface StatSample {
  /** CPU use in percent of one core, as `docker stats` shows it (200 = two cores busy). */
  cpu: number | null;
  /** Memory in use, bytes: the usage without the inactive page cache (what `docker stats` shows). */
  mem: number | null;
  /** Memory limit, bytes: the container's own, or the host's memory when it has none. */
  memLimit: number | null;
  /** Page cache, bytes. */
  memCache: number | null;
  /** Network receive and transmit rates, bytes per second. */
  netRx: number | null;
  netTx: number | null;
  /** Block device read and write rates, bytes per second. */
  blkRead: number | null;
  blkWrite: number | null;
  /** Processes and threads. */
  pids: number | null;
}

/** The order of a `StatTuple`'s fields. */
export const STAT_FIELDS = ['cpu', 'mem', 'memLimit', 'memCache', 'netRx', 'netTx', 'blkRead', 'blkWrite', 'pids'] as const;
export type StatField = (typeof STAT_FIELDS)[number];

/**
 * A `StatSample` on the wire: its fields in `STAT_FIELDS` order, so that 200 containers fit in a
 * few kilobytes a second. `null` means unknown.
 */
export type StatTuple = [
  cpu: number | null,
  mem: number | null,
  memLimit: number | null,
  memCache: number | null,
  netRx: number | null,
  netTx: number | null,
  blkRead: number | null,
  blkWrite: number | null,
  pids: number | null,
];

/** The engine's host as a whole. */
export interface HostInfo {
  /** Logical CPUs: the CPU chart's full scale is `cpus × 100` percent. */
  cpus: number;
  /** Memory, bytes. */
  memTotal: number;
}

/** The host's figures for one second; `null` when unknown. */
export interface HostSample {
  /** CPU in use, percent of one core (`cpus × 100` is everything busy). */
  cpu: number | null;
  /** Memory in use (total minus available), bytes. */
  mem: number | null;
}

/**
 * Where the figures come from. `cgroup`: the kernel's files, read directly (the engine is on this
 * host); `api`: the engine's one-shot stats API (a remote engine, or files that cannot be read);
 * `mixed`: some containers each way; `none`: nothing sampled yet.
 */
export type StatsSource = 'cgroup' | 'api' | 'mixed' | 'none';

/** One sweep, sent every second on the `stats` topic: every sampled container and the host. */
export interface StatsDelta {
  /** Epoch ms of the sweep. */
  t: number;
  host: HostSample;
  /**
   * Every container sampled in this sweep (running or paused), by full id. A container absent
   * here is no longer sampled (stopped or removed). A container's rates are `null` in its first
   * sweep: a rate needs two readings.
   */
  c: Record<string, StatTuple>;
  source: StatsSource;
}

/** Recent history of one container in a snapshot: values aligned to the END of `times`. */
export interface ContainerStatsRecent {
  /** Its latest sample; `null` when it is not sampled now (stopped, or the sampler just started). */
  last: StatTuple | null;
  /** CPU percent per sweep, the last `cpu.length` entries of `times`; `null` where unknown. */
  cpu: (number | null)[];
  /** Memory in use per sweep, bytes, aligned like `cpu`. */
  mem: (number | null)[];
}

/**
 * What a `stats` subscriber gets first. Bounded whatever the number of containers: the whole
 * window for the host, the sum of all containers and the top containers; the last
 * `recentSeconds` for the others. One container's full history is `GET /api/containers/:id/stats`.
 */
export interface StatsSnapshot {
  /** The sampling period, ms (1000). */
  intervalMs: number;
  /** How much history the server keeps, seconds (900). */
  historySeconds: number;
  /** How much history every container gets in this snapshot, seconds. */
  recentSeconds: number;
  source: StatsSource;
  hostInfo: HostInfo;
  /** Epoch ms of each sweep kept, oldest first. */
  times: number[];
  /** Host CPU and memory per sweep, aligned with `times`. */
  host: { cpu: (number | null)[]; mem: (number | null)[] };
  /** The sum over all containers per sweep (CPU percent, memory bytes), aligned with `times`. */
  total: { cpu: number[]; mem: number[] };
  /** Containers with history in the window, by full id; those sampled now have a `last`. */
  containers: Record<string, ContainerStatsRecent>;
}

/** `GET /api/containers/:id/stats`: the full history of one container. */
export interface ContainerStatsHistory {
  id: string;
  intervalMs: number;
  /** Whether the sampler runs (it runs while someone watches the `stats` topic). */
  sampling: boolean;
  source: StatsSource;
  /** Epoch ms of each sweep, oldest first. */
  times: number[];
  /** One array per field, aligned with `times`; `null` where unknown or not sampled. */
  series: Record<StatField, (number | null)[]>;
}
