import type { StatField, StatSample } from '@phedds/shared';
import type { StatsHistoryRings } from '../../stores/stats.ts';

/** The Resources pane's pure parts: what to plot, in which order, and how to say the numbers. */

export type SortKey = 'name' | 'cpu' | 'mem' | 'net' | 'io';

export interface TableRow {
  id: string;
  name: string;
  sample: StatSample;
}

/** The figure a column sorts by; unknown sorts as zero. */
export function sortValue(s: StatSample, key: Exclude<SortKey, 'name'>): number {
  switch (key) {
    case 'cpu':
      return s.cpu ?? 0;
    case 'mem':
      return s.mem ?? 0;
    case 'net':
      return (s.netRx ?? 0) + (s.netTx ?? 0);
    case 'io':
      return (s.blkRead ?? 0) + (s.blkWrite ?? 0);
  }
}

/** Rows ordered by a column: numbers largest first, names alphabetically; ties by name, so rows do not swap at random. */
export function sortRows(rows: TableRow[], key: SortKey): TableRow[] {
  const byName = (a: TableRow, b: TableRow): number => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  if (key === 'name') return [...rows].sort(byName);
  return [...rows].sort((a, b) => sortValue(b.sample, key) - sortValue(a.sample, key) || byName(a, b));
}

/** The sweeps of the last `seconds`, oldest first, as sequence numbers. */
export function windowSeqs(rings: StatsHistoryRings, seconds: number, intervalMs: number): number[] {
  const n = Math.min(rings.length, Math.max(1, Math.round((seconds * 1000) / intervalMs)));
  return Array.from({ length: n }, (_, i) => rings.seq - n + 1 + i);
}

/** Mean of a container's field over some sweeps, unknowns left out. */
export function meanOf(rings: StatsHistoryRings, id: string, field: StatField, seqs: number[]): number {
  let sum = 0;
  let n = 0;
  for (const s of seqs) {
    const v = rings.value(id, field, s);
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n ? sum / n : 0;
}

/**
 * The containers a stacked chart draws, largest mean first: the top `k` of the window, plus the
 * selected container when it is not among them (selecting a container anywhere shows it here).
 */
export function topIds(
  rings: StatsHistoryRings,
  ids: Iterable<string>,
  field: 'cpu' | 'mem',
  seqs: number[],
  k: number,
  selected?: string,
): string[] {
  const ranked = [...ids].map((id) => ({ id, m: meanOf(rings, id, field, seqs) })).sort((a, b) => b.m - a.m || a.id.localeCompare(b.id));
  const top = ranked.slice(0, k).map((r) => r.id);
  if (selected && !top.includes(selected) && ranked.some((r) => r.id === selected)) top.push(selected);
  return top;
}

/**
 * uPlot data for a stacked chart: x in seconds, then one cumulative series per top container
 * (each line is the sum of itself and those below it), then the total of all containers on top
 * ("others" is the band between the last container and the total). Unknown values stack as 0;
 * a sweep missing from the window (the sampler paused) is a gap.
 */
export function stackedData(
  rings: StatsHistoryRings,
  seqs: number[],
  ids: string[],
  field: 'cpu' | 'mem',
  intervalMs: number,
): (number | null)[][] {
  const total = field === 'cpu' ? rings.totalCpu : rings.totalMem;
  const x: number[] = [];
  const series: (number | null)[][] = ids.map(() => []);
  const top: (number | null)[] = [];
  let prevT: number | undefined;
  for (const s of seqs) {
    const t = rings.times[s % rings.capacity]!;
    if (prevT !== undefined && t - prevT > 2.5 * intervalMs) {
      // A break in sampling: one null point so uPlot does not draw across it.
      x.push((prevT + intervalMs) / 1000);
      for (const col of series) col.push(null);
      top.push(null);
    }
    prevT = t;
    x.push(t / 1000);
    let acc = 0;
    ids.forEach((id, i) => {
      const v = rings.value(id, field, s);
      acc += Number.isNaN(v) ? 0 : v;
      series[i]!.push(acc);
    });
    const tot = total[s % rings.capacity]!;
    top.push(Number.isNaN(tot) ? acc : Math.max(acc, tot));
  }
  return [x, ...series, top];
}

/** One container's fields over the window: x in seconds, then each field (null where unknown). */
export function lineData(rings: StatsHistoryRings, seqs: number[], id: string, fields: StatField[]): (number | null)[][] {
  const x = seqs.map((s) => rings.times[s % rings.capacity]! / 1000);
  return [
    x,
    ...fields.map((f) =>
      seqs.map((s) => {
        const v = rings.value(id, f, s);
        return Number.isNaN(v) ? null : v;
      }),
    ),
  ];
}

/**
 * SVG polyline points for a sparkline of `values` in a `w × h` box (unknowns skipped).
 * `from: 'zero'` scales 0…max (CPU: idle sits on the floor); `from: 'min'` scales min…max
 * (memory: a steady figure is a flat line in the middle, a change shows however small).
 */
export function sparkPoints(values: number[], w: number, h: number, opts: { from: 'zero' | 'min'; max?: number }): string {
  const known = values.filter((v) => !Number.isNaN(v));
  let hi = Math.max(opts.max ?? 0, ...known, 1e-9);
  let lo = opts.from === 'zero' ? 0 : Math.min(...known, hi);
  if (opts.from === 'min' && hi - lo < 0.005 * hi) {
    lo = hi - 1; // flat: draw it in the middle
    hi = hi + 1;
  }
  const n = values.length;
  const pts: string[] = [];
  values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    const x = n > 1 ? (i / (n - 1)) * w : w;
    const y = h - ((Math.min(v, hi) - lo) / (hi - lo)) * (h - 1) - 0.5;
    pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  });
  return pts.join(' ');
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units, as `docker stats` shows memory: `51.9 MiB`. */
export function formatBytes(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? Math.round(v) : v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}

/** A rate in bytes per second. */
export function formatRate(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  return `${formatBytes(n)}/s`;
}

/** A CPU axis tick: whole percent. */
export function formatCpuTick(n: number): string {
  return `${Math.round(n)} %`;
}

/** CPU percent of one core, as `docker stats` shows it. */
export function formatCpu(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} %`;
}

/**
 * Colours for the charted containers: each keeps its colour while it stays charted; newcomers
 * take the first free one. Returns `prev` itself when nothing changed.
 */
export function assignColors(prev: ReadonlyMap<string, string>, ids: string[], palette: readonly string[]): ReadonlyMap<string, string> {
  const keep = [...prev].filter(([id]) => ids.includes(id));
  const next = new Map(keep);
  for (const id of ids) {
    if (next.has(id)) continue;
    const used = new Set(next.values());
    next.set(id, palette.find((c) => !used.has(c)) ?? palette[next.size % palette.length]!);
  }
  if (next.size === prev.size && keep.length === prev.size) return prev;
  return next;
}

/** Distinct on the dark background and on a projector; the last one is for "others". */
export const SERIES_COLORS = ['#5cb0ff', '#3fd07a', '#f2b53c', '#b792ff', '#ff8a5c', '#4fd6d0', '#ff6b9a'];
export const OTHERS_COLOR = '#5d6b7d';
