import { memo } from 'react';
import { AnsiText } from '../../components/AnsiText.tsx';
import type { LogEntry } from '../../stores/log-buffer.ts';
import { clockTime, CONTAINER_COLOURS, type Range } from './model.ts';

interface LogRowProps {
  entry: LogEntry;
  name: string;
  colour: number;
  /** Show the container's name (when several are followed). */
  showName: boolean;
  marks: readonly Range[] | undefined;
  selected: boolean;
  onSelect: (seq: number) => void;
}

/** One line (or a dropped-lines marker) of the Logs pane. */
export const LogRow = memo(function LogRow({ entry: e, name, colour, showName, marks, selected, onSelect }: LogRowProps) {
  const cls = `log-line log-c${colour % CONTAINER_COLOURS}${selected ? ' is-selected' : ''}`;
  if (e.gap) {
    return (
      <div className={`${cls} log-gap`} data-testid="logs-gap" data-dropped={e.gap.dropped}>
        <span className="log-time">{clockTime(e.t)}</span>
        {showName && <span className="log-name">{name}</span>}
        <span className="log-gap-text">
          ⋯ {e.gap.dropped.toLocaleString()} {e.gap.dropped === 1 ? 'line' : 'lines'} dropped —{' '}
          {e.gap.reason === 'rate' ? 'written faster than the console sends' : 'this page read too slowly'} ⋯
        </span>
      </div>
    );
  }
  return (
    <div className={cls} data-stream={e.stream === 1 ? 'stderr' : 'stdout'} data-testid="logs-line" onClick={() => onSelect(e.seq)}>
      <span className="log-time">{clockTime(e.t)}</span>
      {showName && <span className="log-name">{name}</span>}
      <span className="log-text">
        <AnsiText text={e.text} marks={marks} />
        {e.cut ? <span className="log-cut"> … +{e.cut.toLocaleString()} bytes</span> : null}
      </span>
    </div>
  );
});
