import {
  fromTuple,
  STAT_FIELDS,
  type ContainerStatsHistory,
  type HostInfo,
  type HostSample,
  type StatField,
  type StatSample,
  type StatsDelta,
  type StatsSnapshot,
  type StatsSource,
} from '@phedds/shared';
import { subscribe } from '../api/socket.ts';
import { createStore, useStore } from './store.ts';

const F = STAT_FIELDS.length;
const FIELD = Object.fromEntries(STAT_FIELDS.map((f, i) => [f, i])) as Record<StatField, number>;

/**
 * The resource history the page keeps: rings of fixed size (15 minutes at 1 Hz) for the sweep
 * times, the host, the sum over all containers and each container, filled by the `stats`
 * snapshot and then one delta a second. The rings are mutated in place and the store's value is
 * a new small object per sweep (`version`), so a second costs no allocation proportional to
 * the history, however many containers there are.
 */
export class StatsHistoryRings {
  /** Sweeps known since the snapshot; sweep `s` lives at slot `s % capacity`. */
  seq = 0;
  readonly times: Float64Array;
  readonly hostCpu: Float64Array;
  readonly hostMem: Float64Array;
  readonly totalCpu: Float64Array;
  readonly totalMem: Float64Array;
  readonly containers = new Map<string, { data: Float32Array; lastSeq: number }>();

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.hostCpu = new Float64Array(capacity).fill(Number.NaN);
    this.hostMem = new Float64Array(capacity).fill(Number.NaN);
    this.totalCpu = new Float64Array(capacity).fill(Number.NaN);
    this.totalMem = new Float64Array(capacity).fill(Number.NaN);
  }

  get length(): number {
    return Math.min(this.seq, this.capacity);
  }

  /** Appends a sweep and returns its sequence number. */
  push(t: number, host: HostSample, totalCpu: number, totalMem: number): number {
    const s = ++this.seq;
    const i = s % this.capacity;
    this.times[i] = t;
    this.hostCpu[i] = host.cpu ?? Number.NaN;
    this.hostMem[i] = host.mem ?? Number.NaN;
    this.totalCpu[i] = totalCpu;
    this.totalMem[i] = totalMem;
    return s;
  }

  /** Sets one container's fields at sweep `s` (the sweeps it missed meanwhile become unknown). */
  set(id: string, s: number, values: Partial<Record<StatField, number | null>>): void {
    if (s <= this.seq - this.capacity || s > this.seq) return;
    let ring = this.containers.get(id);
    if (!ring) {
      ring = { data: new Float32Array(this.capacity * F).fill(Number.NaN), lastSeq: s - 1 };
      this.containers.set(id, ring);
    }
    for (let k = Math.max(ring.lastSeq + 1, s - this.capacity + 1); k < s; k++) {
      const b = (k % this.capacity) * F;
      ring.data.fill(Number.NaN, b, b + F);
    }
    const base = (s % this.capacity) * F;
    for (const f of STAT_FIELDS) if (f in values) ring.data[base + FIELD[f]] = values[f] ?? Number.NaN;
    if (s > ring.lastSeq) ring.lastSeq = s;
  }

  /** The value of a field at sweep `s`; NaN when unknown. */
  value(id: string, field: StatField, s: number): number {
    const ring = this.containers.get(id);
    if (!ring || s > ring.lastSeq || s <= this.seq - this.capacity) return Number.NaN;
    return ring.data[(s % this.capacity) * F + FIELD[field]]!;
  }

  /** Drops rings with nothing left in the window. */
  prune(): void {
    for (const [id, ring] of this.containers) if (ring.lastSeq <= this.seq - this.capacity) this.containers.delete(id);
  }

  /** The sequence number of the sweep taken at `t`, if it is still in the window. */
  seqAt(t: number): number | undefined {
    for (let s = this.seq; s > this.seq - this.length; s--) if (this.times[s % this.capacity] === t) return s;
    return undefined;
  }
}

export interface StatsState {
  /** False until the first snapshot. */
  loaded: boolean;
  /** Changes with every applied message: the rings are mutated in place. */
  version: number;
  intervalMs: number;
  hostInfo: HostInfo;
  source: StatsSource;
  rings: StatsHistoryRings;
  /** The containers of the last sweep, with their latest sample. */
  latest: ReadonlyMap<string, StatSample>;
  host: HostSample;
  /** Epoch ms of the last sweep. */
  at?: number;
}

const DEFAULT_CAPACITY = 900;

export function emptyStats(): StatsState {
  return {
    loaded: false,
    version: 0,
    intervalMs: 1000,
    hostInfo: { cpus: 1, memTotal: 0 },
    source: 'none',
    rings: new StatsHistoryRings(DEFAULT_CAPACITY),
    latest: new Map(),
    host: { cpu: null, mem: null },
  };
}

/** A snapshot replaces everything: the history it carries is laid out in fresh rings. */
export function reduceStatsSnapshot(prev: StatsState, snap: StatsSnapshot): StatsState {
  const capacity = Math.max(1, Math.round((snap.historySeconds * 1000) / snap.intervalMs));
  const rings = new StatsHistoryRings(capacity);
  const n = snap.times.length;
  const first = rings.seq + 1;
  snap.times.forEach((t, i) =>
    rings.push(t, { cpu: snap.host.cpu[i] ?? null, mem: snap.host.mem[i] ?? null }, snap.total.cpu[i] ?? 0, snap.total.mem[i] ?? 0),
  );
  const latest = new Map<string, StatSample>();
  for (const [id, c] of Object.entries(snap.containers)) {
    // Arrays are aligned to the end of `times`.
    const offset = n - c.cpu.length;
    c.cpu.forEach((v, i) => rings.set(id, first + offset + i, { cpu: v, mem: c.mem[i] ?? null }));
    if (!c.last) continue; // history only: not running now
    const last = fromTuple(c.last);
    latest.set(id, last);
    if (n > 0) rings.set(id, first + n - 1, last);
  }
  return {
    loaded: true,
    version: prev.version + 1,
    intervalMs: snap.intervalMs,
    hostInfo: snap.hostInfo,
    source: snap.source,
    rings,
    latest,
    host: n > 0 ? { cpu: snap.host.cpu[n - 1] ?? null, mem: snap.host.mem[n - 1] ?? null } : { cpu: null, mem: null },
    ...(n > 0 ? { at: snap.times[n - 1]! } : {}),
  };
}

/** One sweep: every container in it is live; those absent have stopped or gone. */
export function reduceStatsDelta(prev: StatsState, d: StatsDelta): StatsState {
  const rings = prev.rings;
  const latest = new Map<string, StatSample>();
  let cpu = 0;
  let mem = 0;
  for (const [id, tuple] of Object.entries(d.c)) {
    const s = fromTuple(tuple);
    latest.set(id, s);
    cpu += s.cpu ?? 0;
    mem += s.mem ?? 0;
  }
  const seq = rings.push(d.t, d.host, cpu, mem);
  for (const [id, s] of latest) rings.set(id, seq, s);
  rings.prune();
  return { ...prev, version: prev.version + 1, source: d.source, latest, host: d.host, at: d.t };
}

/** Lays one container's full history (from REST) into the rings, where sweeps match by time. */
export function mergeHistory(prev: StatsState, h: ContainerStatsHistory): StatsState {
  const rings = prev.rings;
  let merged = 0;
  h.times.forEach((t, i) => {
    const s = rings.seqAt(t);
    if (s === undefined) return;
    const values: Partial<Record<StatField, number | null>> = {};
    for (const f of STAT_FIELDS) values[f] = h.series[f][i] ?? null;
    rings.set(h.id, s, values);
    merged++;
  });
  return merged ? { ...prev, version: prev.version + 1 } : prev;
}

let release: (() => void) | undefined;

export const statsStore = createStore<StatsState>(emptyStats(), {
  lingerMs: 1000,
  start: () => {
    release = subscribe('stats', {
      snapshot: (snap) => statsStore.update((prev) => reduceStatsSnapshot(prev, snap)),
      delta: (d) => statsStore.update((prev) => reduceStatsDelta(prev, d)),
    });
  },
  stop: () => {
    release?.();
    release = undefined;
  },
});

export function useStats(): StatsState {
  return useStore(statsStore);
}

/** Asks the server for one container's full history and lays it into the rings. */
export async function loadContainerHistory(id: string): Promise<void> {
  const res = await fetch(`/api/containers/${encodeURIComponent(id)}/stats`, { headers: { Accept: 'application/json' } });
  if (!res.ok) return; // gone meanwhile, or no history: the live sweeps fill in
  const h = (await res.json()) as ContainerStatsHistory;
  statsStore.update((prev) => mergeHistory(prev, h));
}
