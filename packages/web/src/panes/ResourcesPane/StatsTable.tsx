import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { StatSample } from '@phedds/shared';
import { useRecent } from '../../stores/recent-changes.ts';
import type { StatsHistoryRings } from '../../stores/stats.ts';
import { formatBytes, formatCpu, formatRate, sparkPoints, type SortKey, type TableRow } from './model.ts';

/** Must match `.res-row` height in resources-pane.css: rows are placed, not measured. */
const ROW_PX = 40;
/** Rows drawn beyond the visible ones, so a quick scroll shows no blank. */
const OVERSCAN = 6;
const SPARK_W = 64;
const SPARK_H = 18;

interface StatsTableProps {
  rows: TableRow[];
  sort: SortKey;
  onSort: (key: SortKey) => void;
  selected: string | undefined;
  onPick: (id: string) => void;
  rings: StatsHistoryRings;
  /** The last minute's sweeps, for the sparklines. */
  sparkSeqs: number[];
  version: number;
  colorOf: (id: string) => string | undefined;
  cpuScale: number;
}

const COLUMNS: { key: SortKey; label: string; title: string; className: string }[] = [
  { key: 'name', label: 'Container', title: 'Sort by name', className: 'c-name' },
  { key: 'cpu', label: 'CPU', title: 'Sort by CPU (percent of one core, as docker stats)', className: 'c-cpu' },
  { key: 'mem', label: 'Memory', title: 'Sort by memory in use', className: 'c-mem' },
  { key: 'net', label: 'Net ↓ ↑', title: 'Sort by network traffic (received + sent per second)', className: 'c-net' },
  { key: 'io', label: 'Block r w', title: 'Sort by block I/O (read + written per second)', className: 'c-io' },
];

function Spark({ values, max, tone }: { values: number[]; max?: number; tone: 'cpu' | 'mem' }) {
  const opts = tone === 'cpu' ? { from: 'zero' as const, ...(max !== undefined ? { max } : {}) } : { from: 'min' as const };
  return (
    <svg className={`spark spark-${tone}`} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} preserveAspectRatio="none" aria-hidden="true">
      <polyline points={sparkPoints(values, SPARK_W, SPARK_H, opts)} />
    </svg>
  );
}

interface RowProps {
  id: string;
  name: string;
  sample: StatSample;
  top: number;
  selected: boolean;
  color: string | undefined;
  cpuSpark: number[];
  memSpark: number[];
  cpuScale: number;
  onPick: (id: string) => void;
}

const Row = memo(function Row({ id, name, sample: s, top, selected, color, cpuSpark, memSpark, cpuScale, onPick }: RowProps) {
  // A container that just appeared (or started) glows in presenter mode.
  const recent = useRecent('container', id);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick(id);
    }
  };
  return (
    <div
      role="row"
      className={`res-row${selected ? ' is-selected' : ''}${recent ? ' is-recent' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="resources-row"
      data-name={name}
      data-id={id}
      data-recent={recent ? 'true' : undefined}
      data-cpu={s.cpu ?? ''}
      data-selected={selected ? 'true' : 'false'}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => onPick(id)}
      onKeyDown={onKeyDown}
    >
      <span role="cell" className="c-name" title={`${name} — click for its charts`}>
        <i className="swatch" style={color ? { background: color } : undefined} />
        <span className="res-name">{name}</span>
      </span>
      <span role="cell" className="c-cpu">
        <span className="num">{formatCpu(s.cpu)}</span>
        <Spark values={cpuSpark} max={Math.min(cpuScale, 10)} tone="cpu" />
      </span>
      <span role="cell" className="c-mem" title={s.memLimit !== null ? `limit ${formatBytes(s.memLimit)}` : undefined}>
        <span className="num">{formatBytes(s.mem)}</span>
        <Spark values={memSpark} tone="mem" />
      </span>
      <span role="cell" className="c-net">
        <span className="num">{formatRate(s.netRx)}</span>
        <span className="num dim">{formatRate(s.netTx)}</span>
      </span>
      <span role="cell" className="c-io">
        <span className="num">{formatRate(s.blkRead)}</span>
        <span className="num dim">{formatRate(s.blkWrite)}</span>
      </span>
    </div>
  );
});

/**
 * Every sampled container, sortable, with a one-minute sparkline of CPU and memory. Only the
 * rows in view (and a few around) are in the DOM: 200 containers update at 1 Hz without making
 * the page work for rows nobody sees.
 */
export function StatsTable(props: StatsTableProps) {
  const { rows, sort, onSort, selected, onPick, rings, sparkSeqs, colorOf, cpuScale } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });

  const measure = useCallback(() => {
    const el = scroller.current;
    if (el) setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  }, []);

  useLayoutEffect(() => {
    measure();
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [measure]);

  // A container selected elsewhere is brought into view, and kept there when the table shrinks
  // (the focus view takes more room).
  useEffect(() => {
    const el = scroller.current;
    const i = rows.findIndex((r) => r.id === selected);
    if (!el || i < 0) return;
    const y = i * ROW_PX;
    if (y < el.scrollTop || y + ROW_PX > el.scrollTop + el.clientHeight) el.scrollTo({ top: Math.max(0, y - ROW_PX) });
    // Not on every re-sort: a row moving while the user scrolls must not drag the view along.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, view.height]);

  const first = Math.max(0, Math.floor(view.top / ROW_PX) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_PX) + OVERSCAN);
  const series = (id: string, field: 'cpu' | 'mem'): number[] => sparkSeqs.map((s) => rings.value(id, field, s));

  return (
    <div className="res-table" role="table" aria-label="Containers by resource use" aria-rowcount={rows.length}>
      <div className="res-head" role="row">
        {COLUMNS.map((c) => (
          <span
            key={c.key}
            role="columnheader"
            className={c.className}
            aria-sort={sort === c.key ? (c.key === 'name' ? 'ascending' : 'descending') : 'none'}
          >
            <button
              type="button"
              className={`sort${sort === c.key ? ' is-active' : ''}`}
              title={c.title}
              data-sort={c.key}
              onClick={() => onSort(c.key)}
            >
              {c.label}
              {sort === c.key && <span aria-hidden="true">{c.key === 'name' ? ' ▲' : ' ▼'}</span>}
            </button>
          </span>
        ))}
      </div>
      <div className="res-scroll" ref={scroller} onScroll={measure} data-testid="resources-table">
        <div className="res-rows" style={{ height: rows.length * ROW_PX }} role="rowgroup">
          {rows.slice(first, last).map((r, k) => (
            <Row
              key={r.id}
              id={r.id}
              name={r.name}
              sample={r.sample}
              top={(first + k) * ROW_PX}
              selected={r.id === selected}
              color={colorOf(r.id)}
              cpuSpark={series(r.id, 'cpu')}
              memSpark={series(r.id, 'mem')}
              cpuScale={cpuScale}
              onPick={onPick}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
