import {
  computeSample,
  roundHost,
  toTuple,
  type HostInfo,
  type HostSample,
  type RawCounters,
  type StatSample,
  type StatsDelta,
  type StatsSource,
  type StatTuple,
} from '@phedds/shared';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { countersFromApi, type EngineStatsJson } from './api-counters.ts';
import { dirsMatchContainer, parseMountinfo, parseProcCgroup, resolveCgroupDirs, type CgroupMount } from './cgroup-paths.ts';
import { CounterFiles } from './counter-files.ts';
import { StatsHistory } from './history.ts';
import { HostReader } from './host-reader.ts';

/** A container the sampler should read: running or paused. */
export interface SampledContainer {
  id: string;
  /** Changes when the container restarts: a restart is a fresh cgroup with fresh counters. */
  startedAt?: number;
  /** Shares the host's network: its `net/dev` would count the host's traffic, so none is shown. */
  hostNetwork: boolean;
}

/** How the sampler reaches the engine: injected, so the engine layer owns every engine call. */
export interface SamplerSource {
  containers(): SampledContainer[];
  /** The container's init pid (inspect `State.Pid`); undefined when it no longer runs. */
  pid(id: string): Promise<number | undefined>;
  /** The engine's one-shot stats for one container. */
  apiStats(id: string): Promise<EngineStatsJson>;
  /** The host's size, asked of the engine when its files are not readable here. */
  hostInfo(): Promise<HostInfo>;
}

/** `auto`: cgroup files when the engine is on this host and they are readable, else the API. */
export type SamplerMode = 'auto' | 'cgroup' | 'api';

export interface SamplerOptions {
  mode?: SamplerMode;
  /** Whether the engine runs on this host (a unix socket); a remote engine is always asked. */
  local: boolean;
  intervalMs?: number;
  historySeconds?: number;
  /** One-shot stats requests in flight at once in API mode. */
  apiConcurrency?: number;
  procRoot?: string;
  log?: (level: 'info' | 'warn', msg: string) => void;
}

interface Tracked {
  id: string;
  key: string;
  mode: 'pending' | 'cgroup' | 'api';
  files?: CounterFiles;
  prev?: RawCounters;
  hostNetwork: boolean;
  /** Its cgroup is being looked for. */
  locating: boolean;
  /** Failed attempts at finding its cgroup; after a few, the API is asked instead. */
  failures: number;
}

const CHUNK = 25;
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export type DeltaListener = (d: StatsDelta) => void;

/**
 * One engine's resource sampler: one sweep a second over every running container, whatever the
 * number of viewers; started by the first viewer and stopped after the last (the `stats`
 * channel does that). A sweep reads the kernel's counter files of all containers (kept open,
 * read in chunks that let the event loop breathe), or asks the engine's API for those whose
 * files are out of reach, then records the sweep in the history and sends one delta.
 */
export class StatsSampler {
  readonly history: StatsHistory;
  readonly intervalMs: number;
  private readonly mode: SamplerMode;
  private readonly tracked = new Map<string, Tracked>();
  private readonly listeners = new Set<DeltaListener>();
  private readonly log: NonNullable<SamplerOptions['log']>;
  private readonly procRoot: string;
  private readonly apiConcurrency: number;
  private mounts: CgroupMount[] | undefined;
  private host: HostReader | undefined;
  private hostInfoValue: HostInfo = { cpus: 1, memTotal: 0 };
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private sourceValue: StatsSource = 'none';
  private lastTuples = new Map<string, StatTuple>();
  /** How often the sampler was started, and sweeps done / skipped (an overrun): diagnostics. */
  starts = 0;
  sweeps = 0;
  skipped = 0;
  /** Duration of the last sweep, ms. */
  lastSweepMs = 0;

  constructor(
    private readonly source: SamplerSource,
    private readonly opts: SamplerOptions,
  ) {
    this.intervalMs = opts.intervalMs ?? 1000;
    this.history = new StatsHistory(Math.round(((opts.historySeconds ?? 900) * 1000) / this.intervalMs));
    this.mode = opts.local ? (opts.mode ?? 'auto') : 'api';
    this.log = opts.log ?? (() => {});
    this.procRoot = opts.procRoot ?? '/proc';
    this.apiConcurrency = opts.apiConcurrency ?? 8;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  get currentSource(): StatsSource {
    return this.sourceValue;
  }

  get hostInfo(): HostInfo {
    return this.hostInfoValue;
  }

  /** The last sweep's samples, by container id. */
  latest(): ReadonlyMap<string, StatTuple> {
    return this.lastTuples;
  }

  subscribe(listener: DeltaListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.starts++;
    if (!this.openHost()) {
      this.source.hostInfo().then(
        (i) => (this.hostInfoValue = i),
        (err: unknown) => this.log('warn', `stats: cannot read the engine's host size: ${String(err)}`),
      );
    }
    // A first sweep at once: rates need two readings, so the second one (on the next whole
    // second) already shows them.
    this.timer = setTimeout(() => this.tick(), 0);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const t of this.tracked.values()) t.files?.close();
    this.tracked.clear();
    // What was sampled last is no longer current: a later viewer must not take it for live.
    this.lastTuples = new Map();
    this.host?.close();
    this.host = undefined;
  }

  /** Opens the host's files when the engine is local; false when the engine must be asked. */
  private openHost(): boolean {
    if (this.mode !== 'api' && !this.host) {
      this.host = HostReader.open(this.procRoot);
      if (this.host) this.hostInfoValue = this.host.info;
    }
    return this.host !== undefined;
  }

  private schedule(): void {
    if (this.timer === undefined) return;
    const now = Date.now();
    // On whole multiples of the interval: sweeps stay evenly spaced however long each takes.
    const next = Math.floor(now / this.intervalMs + 1) * this.intervalMs;
    this.timer = setTimeout(() => this.tick(), next - now);
    this.timer.unref(); // never what keeps the process alive
  }

  private tick(): void {
    if (this.timer === undefined) return;
    this.schedule();
    if (this.sweeping) {
      this.skipped++;
      return;
    }
    this.sweeping = true;
    this.sweep()
      .catch((err: unknown) => this.log('warn', `stats sweep failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (this.sweeping = false));
  }

  /** Runs one sweep now (tests call it directly to avoid waiting on the clock). */
  async sweep(): Promise<StatsDelta> {
    const t0 = performance.now();
    const wall = Date.now();
    this.openHost();
    this.reconcile();
    const readings = new Map<string, RawCounters>();
    // API requests first: they wait on the engine while the files are read.
    const api = this.readApi(
      [...this.tracked.values()].filter((t) => t.mode === 'api'),
      readings,
    );
    const local = [...this.tracked.values()].filter((t) => t.mode === 'cgroup');
    for (let i = 0; i < local.length; i += CHUNK) {
      if (i > 0) await yieldToLoop();
      for (const t of local.slice(i, i + CHUNK)) {
        if (this.tracked.get(t.id) !== t || !t.files) continue;
        try {
          readings.set(t.id, t.files.read());
        } catch {
          // Its cgroup is gone (stopped, or restarting): forget it; if it still runs, it is
          // found again next sweep.
          this.untrack(t);
        }
      }
    }
    await api;
    const host = roundHost(this.host ? this.host.read() : { cpu: null, mem: null });
    return this.record(wall, host, readings, performance.now() - t0);
  }

  private record(wall: number, host: HostSample, readings: Map<string, RawCounters>, ms: number): StatsDelta {
    const samples = new Map<string, StatSample>();
    const c: Record<string, StatTuple> = {};
    let viaFiles = 0;
    let viaApi = 0;
    for (const [id, r] of readings) {
      const t = this.tracked.get(id);
      if (!t) continue;
      const sample = computeSample(t.prev, r, this.hostInfoValue.memTotal || undefined);
      t.prev = r;
      const tuple = toTuple(sample);
      c[id] = tuple;
      samples.set(id, {
        cpu: tuple[0],
        mem: tuple[1],
        memLimit: tuple[2],
        memCache: tuple[3],
        netRx: tuple[4],
        netTx: tuple[5],
        blkRead: tuple[6],
        blkWrite: tuple[7],
        pids: tuple[8],
      });
      if (t.mode === 'cgroup') viaFiles++;
      else viaApi++;
    }
    this.sourceValue = viaFiles && viaApi ? 'mixed' : viaFiles ? 'cgroup' : viaApi ? 'api' : 'none';
    this.lastTuples = new Map(Object.entries(c));
    this.history.record(wall, host, samples);
    this.history.prune();
    this.sweeps++;
    this.lastSweepMs = ms;
    const delta: StatsDelta = { t: wall, host, c, source: this.sourceValue };
    for (const l of this.listeners) l(delta);
    return delta;
  }

  /** Follows the inventory: new containers get found, gone or restarted ones released. */
  private reconcile(): void {
    const want = new Map(this.source.containers().map((c) => [c.id, c]));
    for (const t of this.tracked.values()) {
      const w = want.get(t.id);
      if (!w || String(w.startedAt) !== t.key) this.untrack(t);
    }
    for (const w of want.values()) {
      let t = this.tracked.get(w.id);
      if (!t) {
        t = { id: w.id, key: String(w.startedAt), mode: 'pending', hostNetwork: w.hostNetwork, locating: false, failures: 0 };
        this.tracked.set(w.id, t);
      }
      if (t.mode === 'pending' && !t.locating) void this.locate(t);
    }
  }

  /** Releases a container; a removed one also leaves the history. */
  private untrack(t: Tracked): void {
    t.files?.close();
    t.files = undefined;
    if (this.tracked.get(t.id) === t) this.tracked.delete(t.id);
  }

  /** The container left the engine: nothing of it is kept. */
  forget(id: string): void {
    const t = this.tracked.get(id);
    if (t) this.untrack(t);
    this.history.forget(id);
    this.lastTuples.delete(id);
  }

  private async locate(t: Tracked): Promise<void> {
    if (this.mode === 'api') {
      t.mode = 'api';
      return;
    }
    t.locating = true;
    let why: string;
    try {
      const pid = await this.source.pid(t.id);
      if (this.tracked.get(t.id) !== t) return;
      if (pid === undefined || pid <= 0) {
        this.untrack(t); // not running (any more): the next sweep looks again
        return;
      }
      this.mounts ??= parseMountinfo(readFileSync(`${this.procRoot}/self/mountinfo`, 'latin1'));
      const dirs = resolveCgroupDirs(parseProcCgroup(readFileSync(`${this.procRoot}/${pid}/cgroup`, 'latin1')), this.mounts);
      if (!dirs) why = 'its cgroup is not under a cgroup mount of this host';
      else if (!dirsMatchContainer(dirs, t.id)) why = `pid ${pid} here is not the container's (another pid namespace?)`;
      else {
        t.files = CounterFiles.open(dirs, t.hostNetwork ? undefined : `${this.procRoot}/${pid}/net/dev`);
        t.mode = 'cgroup';
        return;
      }
    } catch (err) {
      why = err instanceof Error ? err.message : String(err);
    } finally {
      t.locating = false;
    }
    // Tried again next sweep; in auto mode, after a few failures the engine's API is asked.
    t.failures++;
    if (this.mode === 'auto' && t.failures >= 3 && this.tracked.get(t.id) === t) {
      this.log('info', `stats: reading ${t.id.slice(0, 12)} through the engine's API (${why})`);
      t.mode = 'api';
    }
  }

  private async readApi(list: Tracked[], into: Map<string, RawCounters>): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < list.length) {
        const t = list[next++]!;
        try {
          const j = await this.source.apiStats(t.id);
          if (this.tracked.get(t.id) === t) into.set(t.id, countersFromApi(performance.now(), j));
        } catch {
          // Stopped or removed meanwhile: the inventory says so by the next sweep.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.apiConcurrency, list.length) }, worker));
  }
}
