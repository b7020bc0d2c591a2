import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface UPlotChartProps {
  /** Builds the options for a given size; called again only when `optionsKey` changes. */
  options: (width: number, height: number) => uPlot.Options;
  /** Changes when the series change (other containers on top): the chart is rebuilt then. */
  optionsKey: string;
  data: uPlot.AlignedData;
  className?: string;
  label: string;
}

/**
 * A uPlot chart that fills its box. Data updates go through `setData` (no rebuild, no React
 * work per point), a resize through `setSize`; only a change of series rebuilds the chart.
 */
export function UPlotChart({ options, optionsKey, data, className, label }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  const build = useRef(options);
  // Kept for the (re)build below, which runs only when the series change.
  useEffect(() => {
    latest.current = data;
    build.current = options;
  });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const size = (): [number, number] => [Math.max(50, Math.floor(el.clientWidth)), Math.max(40, Math.floor(el.clientHeight))];
    const [w, h] = size();
    const u = new uPlot(build.current(w, h), latest.current, el);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const [nw, nh] = size();
      if (nw !== u.width || nh !== u.height) u.setSize({ width: nw, height: nh });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [optionsKey]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={box} className={`chart ${className ?? ''}`} role="img" aria-label={label} />;
}
