import { useCallback, useDeferredValue, useMemo, useState, type CSSProperties } from 'react';
import { shortId } from '@phedds/shared';
import { AnsiText } from '../../components/AnsiText.tsx';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { shortNames } from '../../components/short-names.ts';
import { VirtualList } from '../../components/VirtualList.tsx';
import { useContainers } from '../../stores/containers.ts';
import type { LogEntry } from '../../stores/log-buffer.ts';
import { clearLogs, LOG_BUFFER_LINES, logBuffer, setLogsPaused, useLogs } from '../../stores/logs.ts';
import type { PaneProps } from '../types.ts';
import { LogTargets } from './LogTargets.tsx';
import { LogRow } from './LogRow.tsx';
import { downloadText, makeMatcher, visibleRows } from './model.ts';
import './logs-pane.css';

/** Every row is one line high (long lines are cut; a click shows the whole line below). */
const ROW_HEIGHT = 26;

function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function LogsPane({ id, title }: PaneProps) {
  const logs = useLogs();
  const { byId } = useContainers();
  const [query, setQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const deferredQuery = useDeferredValue(query);
  const [frozen, setFrozen] = useState<LogEntry[]>();
  const [receivedAtPause, setReceivedAtPause] = useState(0);
  const [atBottom, setAtBottom] = useState(true);
  const [jump, setJump] = useState(0);
  const [selected, setSelected] = useState<number>();

  const matcher = useMemo(() => makeMatcher(deferredQuery, regex), [deferredQuery, regex]);
  const entries = frozen ?? logBuffer.entries();
  // `logs.version` changes whenever the buffer does; the array itself is changed in place.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => visibleRows(entries, matcher), [entries, matcher, logs.version]);

  const colourOf = useMemo(() => new Map(logs.targets.map((t, i) => [t, i])), [logs.targets]);
  const nameOf = useCallback(
    (cid: string) => {
      const name = logs.feeds.get(cid)?.name ?? byId.get(cid)?.name ?? cid;
      return /^[0-9a-f]{64}$/.test(name) ? shortId(name) : name;
    },
    [logs.feeds, byId],
  );
  const showName = logs.targets.length > 1;
  // On the lines, only what tells the containers apart (`web-1`, not `phedds-demo-web-1`).
  const short = useMemo(() => shortNames(logs.targets.map(nameOf)), [logs.targets, nameOf]);
  const lineName = useCallback((cid: string) => short.get(nameOf(cid)) ?? nameOf(cid), [short, nameOf]);
  // The name column as wide as the longest short name (a custom property, set through the style object).
  const nameWidth = { '--log-name-w': `${Math.min(24, Math.max(4, ...[...short.values()].map((n) => n.length)))}ch` } as CSSProperties;

  const pause = (on: boolean): void => {
    setLogsPaused(on);
    setFrozen(on ? logBuffer.snapshot() : undefined);
    setReceivedAtPause(logBuffer.received);
    if (!on) setJump((n) => n + 1);
  };

  const renderRow = (i: number) => {
    const e = entries[rows[i]!]!;
    return (
      <LogRow
        entry={e}
        name={lineName(e.id)}
        colour={colourOf.get(e.id) ?? 0}
        showName={showName}
        marks={matcher.active && !e.gap ? matcher.ranges(e.plain) : undefined}
        selected={selected === e.seq}
        onSelect={setSelected}
      />
    );
  };

  const selectedEntry = selected !== undefined ? entries.find((e) => e.seq === selected) : undefined;
  const lineCount = entries.length;
  const meta =
    logs.targets.length === 0
      ? undefined
      : `${logs.targets.length} ${logs.targets.length === 1 ? 'container' : 'containers'} · ${lineCount.toLocaleString()} lines` +
        (logBuffer.dropped > 0 ? ` · ${logBuffer.dropped.toLocaleString()} dropped` : '');

  const tools = (
    <>
      <input
        type="search"
        className="log-search"
        placeholder={regex ? 'Filter: regular expression' : 'Filter: text'}
        aria-label="Show only lines matching"
        aria-invalid={matcher.error !== undefined}
        title={matcher.error ?? 'Show only the lines that match (Escape clears)'}
        data-testid="logs-search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setQuery('');
        }}
      />
      <button
        type="button"
        className="log-btn log-regex"
        aria-pressed={regex}
        title="Use the filter as a regular expression"
        data-testid="logs-regex"
        onClick={() => setRegex((r) => !r)}
      >
        .*
      </button>
      <button type="button" className="log-btn" aria-pressed={logs.paused} data-testid="logs-pause" onClick={() => pause(!logs.paused)}>
        {logs.paused ? 'Resume' : 'Pause'}
      </button>
      <button
        type="button"
        className="log-btn"
        title="Save the lines held here as a text file"
        data-testid="logs-download"
        disabled={lineCount === 0}
        onClick={() => saveFile(`logs-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`, downloadText(entries, nameOf))}
      >
        Save
      </button>
      <button
        type="button"
        className="log-btn"
        title="Empty the view"
        onClick={() => clearLogs()}
        disabled={lineCount === 0 || logs.paused}
      >
        Clear
      </button>
    </>
  );

  const waiting = logs.targets.length > 0 && lineCount === 0;
  return (
    <PaneFrame id={id} title={title} meta={meta} tools={tools}>
      <div className="logs" data-testid="logs-pane" data-lines={lineCount} style={nameWidth}>
        <LogTargets mode={logs.mode} targets={logs.targets} feeds={logs.feeds} nameOf={nameOf} shortName={lineName} />
        {!logs.connected && logs.targets.length > 0 && (
          <p className="log-banner" role="status">
            Connecting to the console’s log stream…
          </p>
        )}
        {matcher.error && (
          <p className="log-banner log-banner-warn" role="alert">
            Not a valid regular expression: {matcher.error}
          </p>
        )}
        {logs.targets.length === 0 ? (
          <p className="log-empty">
            Select a container in the Containers pane to follow its log, or pick several with <strong>+ Add</strong>: their lines merge by
            time, one colour each.
          </p>
        ) : waiting ? (
          <p className="log-empty">Waiting for lines… nothing written yet.</p>
        ) : rows.length === 0 ? (
          <p className="log-empty">No line matches “{deferredQuery.trim()}”.</p>
        ) : (
          <VirtualList
            count={rows.length}
            rowHeight={ROW_HEIGHT}
            renderRow={renderRow}
            rowKey={(i) => entries[rows[i]!]!.seq}
            stickToBottom={!logs.paused}
            onAtBottomChange={setAtBottom}
            scrollToBottomSignal={jump}
            label="Log lines"
            testId="logs-list"
          />
        )}
        {(logs.paused || !atBottom || selectedEntry || logBuffer.evicted > 0) && (
          <div className="log-foot">
            {logs.paused && (
              <span className="log-foot-note" data-testid="logs-paused">
                Paused — {(logBuffer.received - receivedAtPause).toLocaleString()} new lines held.
              </span>
            )}
            {!logs.paused && !atBottom && rows.length > 0 && (
              <button type="button" className="log-btn" onClick={() => setJump((n) => n + 1)}>
                ↓ Latest
              </button>
            )}
            {logBuffer.evicted > 0 && !selectedEntry && (
              <span className="log-foot-faint">Keeps the last {LOG_BUFFER_LINES.toLocaleString()} lines; older ones left the page.</span>
            )}
            {selectedEntry && !selectedEntry.gap && (
              <div className="log-detail" data-testid="logs-detail">
                <button type="button" className="log-chip-x" aria-label="Close the line" onClick={() => setSelected(undefined)}>
                  ×
                </button>
                <pre className="log-detail-text">
                  <AnsiText text={selectedEntry.text} />
                </pre>
              </div>
            )}
          </div>
        )}
      </div>
    </PaneFrame>
  );
}
