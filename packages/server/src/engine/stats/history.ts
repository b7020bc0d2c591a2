import { STAT_FIELDS, type HostSample, type StatField, type StatSample } from '@phedds/shared';

const F = STAT_FIELDS.length;
const FIELD_INDEX = Object.fromEntries(STAT_FIELDS.map((f, i) => [f, i])) as Record<StatField, number>;

interface Ring {
  /** `capacity × F` values, NaN where unknown: sweep `s` lives at row `s % capacity`. */
  data: Float32Array;
  /** The last sweep written (rows after it, up to the current sweep, are stale). */
  lastSeq: number;
}

/**
 * The last `capacity` sweeps (15 minutes at 1 Hz): their times, the host, the sum over all
 * containers, and one ring per container. Fixed-size typed arrays: recording a sweep allocates
 * nothing, and 200 containers hold about 6.5 MB (float32 keeps 7 significant digits, plenty
 * for a chart).
 */
export class StatsHistory {
  /** Sweeps recorded since the start (the sequence number of the latest). */
  seq = 0;
  private readonly times: Float64Array;
  private readonly hostCpu: Float64Array;
  private readonly hostMem: Float64Array;
  private readonly totalCpu: Float64Array;
  private readonly totalMem: Float64Array;
  private readonly rings = new Map<string, Ring>();

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.hostCpu = new Float64Array(capacity);
    this.hostMem = new Float64Array(capacity);
    this.totalCpu = new Float64Array(capacity);
    this.totalMem = new Float64Array(capacity);
  }

  /** Sweeps available, at most `capacity`. */
  get length(): number {
    return Math.min(this.seq, this.capacity);
  }

  get containerIds(): string[] {
    return [...this.rings.keys()];
  }

  /** Records one sweep: every container sampled in it, and the host. */
  record(t: number, host: HostSample, samples: ReadonlyMap<string, StatSample>): void {
    const s = ++this.seq;
    const row = s % this.capacity;
    this.times[row] = t;
    this.hostCpu[row] = host.cpu ?? Number.NaN;
    this.hostMem[row] = host.mem ?? Number.NaN;
    let cpu = 0;
    let mem = 0;
    for (const [id, sample] of samples) {
      cpu += sample.cpu ?? 0;
      mem += sample.mem ?? 0;
      let ring = this.rings.get(id);
      if (!ring) {
        ring = { data: new Float32Array(this.capacity * F).fill(Number.NaN), lastSeq: s - 1 };
        this.rings.set(id, ring);
      }
      // Sweeps it missed (stopped meanwhile) must not show what the ring held a lap ago.
      for (let k = Math.max(ring.lastSeq + 1, s - this.capacity + 1); k < s; k++)
        ring.data.fill(Number.NaN, (k % this.capacity) * F, (k % this.capacity) * F + F);
      const base = row * F;
      for (let i = 0; i < F; i++) ring.data[base + i] = sample[STAT_FIELDS[i]!] ?? Number.NaN;
      ring.lastSeq = s;
    }
    this.totalCpu[row] = cpu;
    this.totalMem[row] = mem;
  }

  /** Forgets a container (removed), or every container with nothing left in the window. */
  forget(id: string): void {
    this.rings.delete(id);
  }

  prune(): void {
    for (const [id, ring] of this.rings) if (ring.lastSeq <= this.seq - this.capacity) this.rings.delete(id);
  }

  /** The sequence numbers of the last `n` sweeps (at most the window), oldest first. */
  private span(n: number): [from: number, to: number] {
    const count = Math.min(n, this.length);
    return [this.seq - count + 1, this.seq];
  }

  private column(arr: Float64Array, n: number): (number | null)[] {
    const [from, to] = this.span(n);
    const out: (number | null)[] = [];
    for (let k = from; k <= to; k++) {
      const v = arr[k % this.capacity]!;
      out.push(Number.isNaN(v) ? null : v);
    }
    return out;
  }

  lastTimes(n = this.capacity): number[] {
    return this.column(this.times, n) as number[];
  }

  host(n = this.capacity): { cpu: (number | null)[]; mem: (number | null)[] } {
    return { cpu: this.column(this.hostCpu, n), mem: this.column(this.hostMem, n) };
  }

  total(n = this.capacity): { cpu: number[]; mem: number[] } {
    return { cpu: this.column(this.totalCpu, n) as number[], mem: this.column(this.totalMem, n) as number[] };
  }

  has(id: string): boolean {
    return this.rings.has(id);
  }

  /** One field of one container over the last `n` sweeps, oldest first; `null` where unknown. */
  series(id: string, field: StatField, n = this.capacity): (number | null)[] {
    const ring = this.rings.get(id);
    const [from, to] = this.span(n);
    const out: (number | null)[] = [];
    const fi = FIELD_INDEX[field];
    for (let k = from; k <= to; k++) {
      if (!ring || k > ring.lastSeq) {
        out.push(null);
        continue;
      }
      const v = ring.data[(k % this.capacity) * F + fi]!;
      out.push(Number.isNaN(v) ? null : v);
    }
    return out;
  }

  /** Mean of a field over the last `n` sweeps, unknowns left out (0 when nothing is known). */
  mean(id: string, field: StatField, n: number): number {
    let sum = 0;
    let count = 0;
    for (const v of this.series(id, field, n)) {
      if (v === null) continue;
      sum += v;
      count++;
    }
    return count ? sum / count : 0;
  }
}
