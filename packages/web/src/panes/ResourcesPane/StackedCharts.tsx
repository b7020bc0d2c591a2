import { useMemo } from 'react';
import type uPlot from 'uplot';
import { chartOptions, fillOf } from './chart-options.ts';
import { formatBytes, formatCpuTick, OTHERS_COLOR } from './model.ts';
import { UPlotChart } from './UPlotChart.tsx';

interface StackedChartProps {
  title: string;
  /** Top containers, bottom of the stack first. */
  ids: string[];
  names: ReadonlyMap<string, string>;
  data: (number | null)[][];
  kind: 'cpu' | 'mem';
  selected: string | undefined;
  /** The chart's full scale: all cores, or the host's memory. */
  capacityLabel: string;
  colorOf: (id: string) => string;
  testId: string;
  windowSeconds: number;
  /** The containers' total now, e.g. "42 %". */
  now: string;
  /** Containers that just appeared or started, drawn bolder (presenter mode). */
  recent?: ReadonlyMap<string, number> | undefined;
}

/** One stacked area chart: the top containers, "others" up to the total of all containers. */
export function StackedChart({
  title,
  ids,
  names,
  data,
  kind,
  selected,
  capacityLabel,
  colorOf,
  testId,
  windowSeconds,
  now,
  recent,
}: StackedChartProps) {
  const lit = ids.filter((id) => recent?.has(id));
  const key = `${kind}|${ids.join(',')}|${ids.map(colorOf).join(',')}|${selected ?? ''}|${windowSeconds}|${lit.join(',')}`;
  const options = useMemo(() => {
    const series: uPlot.Series[] = ids.map((id) => {
      const color = colorOf(id);
      const isSel = id === selected;
      const isNew = lit.includes(id);
      return {
        label: names.get(id) ?? id.slice(0, 12),
        stroke: isNew ? '#ffc43d' : color,
        width: isSel || isNew ? 3 : 1.25,
        fill: fillOf(color, isSel || isNew ? 0.75 : selected ? 0.25 : 0.5),
        points: { show: false },
      };
    });
    series.push({ label: 'others', stroke: OTHERS_COLOR, width: 1, fill: fillOf(OTHERS_COLOR, 0.35), points: { show: false } });
    // Each band fills between a line and the one below it: the stack.
    const bands: uPlot.Band[] = series.slice(1).map((_s, i) => ({ series: [i + 2, i + 1] as [number, number] }));
    return (w: number, h: number) =>
      chartOptions(w, h, {
        series,
        bands,
        y: kind === 'cpu' ? formatCpuTick : (v) => formatBytes(v),
        minTop: kind === 'cpu' ? 5 : 16 * 2 ** 20,
        windowSeconds,
      });
    // `key` names everything the options depend on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return (
    <figure className="stack" data-testid={testId}>
      <figcaption className="stack-title">
        {title} <span className="stack-now">{now}</span> <span className="stack-scale">{capacityLabel}</span>
      </figcaption>
      <UPlotChart
        options={options}
        optionsKey={key}
        data={data as uPlot.AlignedData}
        className="stack-chart"
        label={`${title}, stacked by container`}
      />
    </figure>
  );
}
