import { useCallback, useEffect, useMemo, useState } from 'react';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { useContainers } from '../../stores/containers.ts';
import { useEngine } from '../../stores/engine.ts';
import { usePresenter } from '../../stores/layouts.ts';
import { useRecentChanges } from '../../stores/recent-changes.ts';
import { selectContainer, useSelection } from '../../stores/selection.ts';
import { loadContainerHistory, useStats } from '../../stores/stats.ts';
import type { PaneProps } from '../types.ts';
import { FocusCharts } from './FocusCharts.tsx';
import {
  assignColors,
  formatBytes,
  formatCpu,
  SERIES_COLORS,
  sortRows,
  stackedData,
  topIds,
  windowSeqs,
  type SortKey,
  type TableRow,
} from './model.ts';
import { StackedChart } from './StackedCharts.tsx';
import { StatsTable } from './StatsTable.tsx';
import './resources-pane.css';

/** Containers drawn by name in each stacked chart; the rest is "others". */
const TOP = 5;
const WINDOWS = [
  { s: 60, label: '1m' },
  { s: 300, label: '5m' },
  { s: 900, label: '15m' },
];
const SPARK_SECONDS = 60;

/**
 * Keeps each container's colour while it stays on a chart, so the CPU and memory stacks and
 * the table agree, and a re-ranking does not repaint everything. Derived during render from the
 * previous assignment (React's "information from previous renders" pattern).
 */
function useStableColors(ids: string[]): (id: string) => string | undefined {
  const [colors, setColors] = useState<ReadonlyMap<string, string>>(() => new Map());
  const next = assignColors(colors, ids, SERIES_COLORS);
  if (next !== colors) setColors(next);
  return useCallback((id: string) => next.get(id), [next]);
}

export function ResourcesPane({ id, title }: PaneProps) {
  const stats = useStats();
  const { byId, loaded: inventoryLoaded } = useContainers();
  const engine = useEngine();
  const selected = useSelection();
  const presenter = usePresenter();
  const recentChanges = useRecentChanges();
  // Presenter mode draws a container that just appeared or started bolder in the charts.
  const recent = presenter ? recentChanges.container : undefined;
  const [windowS, setWindowS] = useState(60);
  const [sort, setSort] = useState<SortKey>('cpu');
  // The focus view shows the selected container: selecting one in another pane while it is open follows.
  const [focusOpen, setFocusOpen] = useState(false);
  const focused = focusOpen ? selected : undefined;
  const { rings, latest, version, intervalMs, hostInfo, host } = stats;

  const nameOf = useCallback((cid: string) => byId.get(cid)?.name ?? cid.slice(0, 12), [byId]);
  const names = useMemo(
    () => new Map([...latest.keys(), ...(focused ? [focused] : [])].map((c) => [c, nameOf(c)])),
    [latest, focused, nameOf],
  );

  // Everything below is derived once per sweep (version), not per render.
  const seqs = useMemo(() => windowSeqs(rings, windowS, intervalMs), [rings, windowS, intervalMs, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const sparkSeqs = useMemo(() => windowSeqs(rings, SPARK_SECONDS, intervalMs), [rings, intervalMs, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const cpuTop = useMemo(() => topIds(rings, latest.keys(), 'cpu', seqs, TOP, selected), [rings, latest, seqs, selected]);
  const memTop = useMemo(() => topIds(rings, latest.keys(), 'mem', seqs, TOP, selected), [rings, latest, seqs, selected]);
  const colorOf = useStableColors(useMemo(() => [...new Set([...cpuTop, ...memTop])], [cpuTop, memTop]));
  const cpuData = useMemo(() => stackedData(rings, seqs, cpuTop, 'cpu', intervalMs), [rings, seqs, cpuTop, intervalMs]);
  const memData = useMemo(() => stackedData(rings, seqs, memTop, 'mem', intervalMs), [rings, seqs, memTop, intervalMs]);
  const rows = useMemo<TableRow[]>(
    () =>
      sortRows(
        [...latest]
          // A removed container leaves the inventory at once, the stats up to a second later:
          // the table follows the inventory, like every other pane.
          .filter(([cid]) => !inventoryLoaded || byId.has(cid))
          .map(([cid, sample]) => ({ id: cid, name: nameOf(cid), sample })),
        sort,
      ),
    [latest, nameOf, sort, inventoryLoaded, byId],
  );

  const pick = useCallback((cid: string) => {
    selectContainer(cid);
    setFocusOpen(true);
  }, []);

  // The live topic carries one minute of most containers: the rest of a focused one's comes over REST.
  useEffect(() => {
    if (focused) void loadContainerHistory(focused);
  }, [focused]);

  useEffect(() => {
    if (!focused) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setFocusOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focused]);

  const totalCpu = useMemo(() => [...latest.values()].reduce((a, s) => a + (s.cpu ?? 0), 0), [latest]);
  const totalMem = useMemo(() => [...latest.values()].reduce((a, s) => a + (s.mem ?? 0), 0), [latest]);
  const cpuScale = hostInfo.cpus * 100;
  const meta = stats.loaded ? (
    <span
      data-testid="resources-meta"
      title={`Figures ${stats.source === 'api' ? "from the engine's stats API" : stats.source === 'mixed' ? 'from cgroup files and the engine API' : 'read from the kernel (cgroup files)'}, one sample a second`}
    >
      {rows.length} running · host {formatCpu(host.cpu)} / {hostInfo.cpus * 100} %, {formatBytes(host.mem)} /{' '}
      {formatBytes(hostInfo.memTotal)}
    </span>
  ) : undefined;

  const tools = (
    <div className="res-windows" role="group" aria-label="History shown">
      {WINDOWS.map((w) => (
        <button
          key={w.s}
          type="button"
          className={`win${w.s === windowS ? ' is-active' : ''}`}
          aria-pressed={w.s === windowS}
          onClick={() => setWindowS(w.s)}
        >
          {w.label}
        </button>
      ))}
    </div>
  );

  const engineDown = engine?.state === 'down';
  let body;
  if (!stats.loaded) {
    body = (
      <p className="empty">
        <span className="spinner" aria-hidden="true" /> Starting the resource sampler…
      </p>
    );
  } else if (latest.size === 0 && !focused) {
    body = (
      <p className="empty">
        {engineDown
          ? 'The engine is unreachable: no figures until it is back.'
          : 'No running containers. Start one, e.g. docker run -d busybox sh -c "while :; do :; done", and its CPU shows here within two seconds.'}
      </p>
    );
  } else {
    body = (
      <div className={`res${focused ? ' is-focus' : ''}`}>
        {focused ? (
          <FocusCharts
            id={focused}
            name={nameOf(focused)}
            rings={rings}
            seqs={seqs}
            version={version}
            latest={latest.get(focused)}
            onClose={() => setFocusOpen(false)}
            windowSeconds={windowS}
          />
        ) : (
          <div className="stacks">
            <StackedChart
              title="CPU"
              ids={cpuTop}
              names={names}
              data={cpuData}
              kind="cpu"
              selected={selected}
              capacityLabel={`of ${hostInfo.cpus * 100} %`}
              colorOf={(c) => colorOf(c) ?? '#888'}
              testId="resources-cpu-chart"
              windowSeconds={windowS}
              recent={recent}
              now={formatCpu(totalCpu)}
            />
            <StackedChart
              title="Memory"
              ids={memTop}
              names={names}
              data={memData}
              kind="mem"
              selected={selected}
              capacityLabel={`of ${formatBytes(hostInfo.memTotal)}`}
              colorOf={(c) => colorOf(c) ?? '#888'}
              testId="resources-mem-chart"
              windowSeconds={windowS}
              recent={recent}
              now={formatBytes(totalMem)}
            />
          </div>
        )}
        <StatsTable
          rows={rows}
          sort={sort}
          onSort={setSort}
          selected={selected}
          onPick={pick}
          rings={rings}
          sparkSeqs={sparkSeqs}
          version={version}
          colorOf={colorOf}
          cpuScale={cpuScale}
        />
      </div>
    );
  }

  return (
    <PaneFrame id={id} title={title} meta={meta} tools={tools}>
      {body}
    </PaneFrame>
  );
}
