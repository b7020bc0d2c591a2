import { useMemo } from 'react';
import type { StatField, StatSample } from '@phedds/shared';
import type uPlot from 'uplot';
import { chartOptions, fillOf } from './chart-options.ts';
import { formatBytes, formatCpu, formatCpuTick, formatRate, lineData } from './model.ts';
import type { StatsHistoryRings } from '../../stores/stats.ts';
import { UPlotChart } from './UPlotChart.tsx';

interface FocusChartsProps {
  id: string;
  name: string;
  rings: StatsHistoryRings;
  seqs: number[];
  /** Re-derive the data when this changes (the rings are mutated in place). */
  version: number;
  latest: StatSample | undefined;
  onClose: () => void;
  windowSeconds: number;
}

interface Panel {
  key: string;
  title: string;
  fields: StatField[];
  labels: string[];
  colors: string[];
  y: (v: number) => string;
  minTop: number;
  now: (s: StatSample) => string;
}

const PANELS: Panel[] = [
  {
    key: 'cpu',
    title: 'CPU',
    fields: ['cpu'],
    labels: ['CPU'],
    colors: ['#5cb0ff'],
    y: formatCpuTick,
    minTop: 5,
    now: (s) => formatCpu(s.cpu),
  },
  {
    key: 'mem',
    title: 'Memory',
    fields: ['mem', 'memCache'],
    labels: ['in use', 'page cache'],
    colors: ['#3fd07a', '#8592a3'],
    y: formatBytes,
    minTop: 16 * 2 ** 20,
    now: (s) => `${formatBytes(s.mem)} of ${formatBytes(s.memLimit)}`,
  },
  {
    key: 'net',
    title: 'Network',
    fields: ['netRx', 'netTx'],
    labels: ['received', 'sent'],
    colors: ['#4fd6d0', '#f2b53c'],
    y: formatRate,
    minTop: 1024,
    now: (s) => `↓ ${formatRate(s.netRx)}  ↑ ${formatRate(s.netTx)}`,
  },
  {
    key: 'io',
    title: 'Block I/O',
    fields: ['blkRead', 'blkWrite'],
    labels: ['read', 'written'],
    colors: ['#b792ff', '#ff8a5c'],
    y: formatRate,
    minTop: 1024,
    now: (s) => `r ${formatRate(s.blkRead)}  w ${formatRate(s.blkWrite)}`,
  },
];

function FocusPanel({ panel, data, windowSeconds }: { panel: Panel; data: (number | null)[][]; windowSeconds: number }) {
  const options = useMemo(() => {
    const series: uPlot.Series[] = panel.fields.map((_f, i) => ({
      label: panel.labels[i]!,
      stroke: panel.colors[i]!,
      width: 2,
      fill: i === 0 ? fillOf(panel.colors[i]!, 0.25) : undefined,
      points: { show: false },
    }));
    return (w: number, h: number) => chartOptions(w, h, { series, y: panel.y, minTop: panel.minTop, yAxisWidth: 74, windowSeconds });
  }, [panel, windowSeconds]);
  return (
    <UPlotChart
      options={options}
      optionsKey={`${panel.key}|${windowSeconds}`}
      data={data as uPlot.AlignedData}
      className="focus-chart"
      label={panel.title}
    />
  );
}

/** One container's four charts: CPU, memory, network and block I/O over the window. */
export function FocusCharts({ id, name, rings, seqs, version, latest, onClose, windowSeconds }: FocusChartsProps) {
  const data = useMemo(
    () => PANELS.map((p) => lineData(rings, seqs, id, p.fields)),
    // The rings change in place; `version` says when.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rings, seqs, id, version],
  );
  return (
    <div className="focus" data-testid="resources-focus" data-name={name}>
      <div className="focus-head">
        <strong className="focus-name" title={id}>
          {name}
        </strong>
        {!latest && <span className="focus-note">not running — history only</span>}
        <button
          type="button"
          className="focus-close"
          onClick={onClose}
          aria-label="Back to all containers"
          title="Back to all containers (Esc)"
        >
          All containers
        </button>
      </div>
      <div className="focus-grid">
        {PANELS.map((p, i) => (
          <figure key={p.key} className="focus-panel">
            <figcaption className="focus-title">
              <span>{p.title}</span>
              <span className="focus-now">{latest ? p.now(latest) : '—'}</span>
              <span className="focus-legend">
                {p.labels.map((l, j) => (
                  <span key={l} className="legend-item">
                    <i className="swatch" style={{ background: p.colors[j] }} />
                    {l}
                  </span>
                ))}
              </span>
            </figcaption>
            <FocusPanel panel={p} data={data[i]!} windowSeconds={windowSeconds} />
          </figure>
        ))}
      </div>
    </div>
  );
}
