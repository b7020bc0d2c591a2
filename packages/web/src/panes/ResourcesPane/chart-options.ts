import type uPlot from 'uplot';

/** Chart styling shared by every Resources chart: the page's palette, type big enough for a projector. */
const AXIS = '#9aa8b8';
const GRID = '#263140';
const FONT = '12px system-ui, sans-serif';

export interface ChartSpec {
  series: uPlot.Series[];
  bands?: uPlot.Band[];
  /** Formats a y-axis value. */
  y: (v: number) => string;
  /** Smallest top of the y range, so an idle chart does not magnify noise. */
  minTop: number;
  yAxisWidth?: number;
  /** Seconds of history the x axis spans, ending at the newest sample: data grows in from the right. */
  windowSeconds: number;
}

/** Clock time of an axis tick, on one line (uPlot's default adds a second line with the date). */
function clock(seconds: number, withSeconds: boolean): string {
  const d = new Date(seconds * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return withSeconds ? `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` : `${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function chartOptions(width: number, height: number, spec: ChartSpec): uPlot.Options {
  return {
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      x: {
        time: true,
        range: (_u, _min, max) => {
          const end = Number.isFinite(max) ? max : Date.now() / 1000;
          return [end - spec.windowSeconds, end];
        },
      },
      y: { range: (_u, _min, max) => [0, Math.max(spec.minTop, (Number.isFinite(max) ? max : 0) * 1.08)] },
    },
    axes: [
      {
        stroke: AXIS,
        font: FONT,
        size: 26,
        space: spec.windowSeconds <= 120 ? 80 : 60,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID, width: 1, size: 4 },
        values: (_u, splits) => splits.map((v) => clock(v, spec.windowSeconds <= 120)),
      },
      {
        stroke: AXIS,
        font: FONT,
        size: spec.yAxisWidth ?? 62,
        space: 28,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID, width: 1 },
        values: (_u, splits) => splits.map(spec.y),
      },
    ],
    series: [{}, ...spec.series],
    ...(spec.bands ? { bands: spec.bands } : {}),
    padding: [10, 24, 0, 0], // room for the last time label at the right edge
  };
}

/** A translucent fill of a series colour (hex `#rrggbb`). */
export function fillOf(color: string, alpha: number): string {
  const a = Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0');
  return `${color}${a}`;
}
