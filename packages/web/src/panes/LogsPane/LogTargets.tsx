import { useCallback, useMemo, useRef, useState } from 'react';
import { shortId, type ContainerView } from '@phedds/shared';
import { useDismiss } from '../../components/use-dismiss.ts';
import { useContainers } from '../../stores/containers.ts';
import { setLogsMode, toggleLogTarget, type FeedInfo, type LogsMode } from '../../stores/logs.ts';
import { CONTAINER_COLOURS } from './model.ts';

interface LogTargetsProps {
  mode: LogsMode;
  targets: readonly string[];
  feeds: ReadonlyMap<string, FeedInfo>;
  nameOf: (id: string) => string;
  /** The name without what all followed containers share. */
  shortName: (id: string) => string;
}

const MODES: { mode: LogsMode; label: string }[] = [
  { mode: 'selected', label: 'Selected container' },
  { mode: 'project', label: 'Its whole project' },
  { mode: 'chosen', label: 'Picked containers' },
];

const STATE_LABEL: Record<string, string> = {
  stopped: 'stopped — resumes when it starts',
  removed: 'removed',
  missing: 'not found',
  error: 'error',
};

/** Which containers the pane follows: the mode, one chip per container (its colour and state), and a picker. */
export function LogTargets({ mode, targets, feeds, nameOf, shortName }: LogTargetsProps) {
  const { byId } = useContainers();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, ref);
  const all = useMemo(() => [...byId.values()].sort((a, b) => a.name.localeCompare(b.name)), [byId]);

  return (
    <div className="log-targets">
      <select
        className="log-mode"
        aria-label="Which containers to follow"
        data-testid="logs-mode"
        value={mode}
        onChange={(e) => setLogsMode(e.target.value as LogsMode)}
      >
        {MODES.map((m) => (
          <option key={m.mode} value={m.mode}>
            {m.label}
          </option>
        ))}
      </select>
      <ul className="log-chips" aria-label="Followed containers">
        {targets.map((id, i) => {
          const feed = feeds.get(id);
          const state = feed?.state;
          return (
            <li
              key={id}
              className={`log-chip log-c${i % CONTAINER_COLOURS}`}
              data-testid="logs-target"
              data-name={nameOf(id)}
              data-state={state ?? 'opening'}
            >
              <span className="log-chip-dot" aria-hidden="true" />
              <span className="log-chip-name" title={nameOf(id)}>
                {shortName(id)}
              </span>
              {state && state !== 'following' && (
                <span className="log-chip-state" title={feed?.message}>
                  {STATE_LABEL[state] ?? state}
                </span>
              )}
              {mode === 'chosen' && (
                <button
                  type="button"
                  className="log-chip-x"
                  aria-label={`Stop following ${nameOf(id)}`}
                  onClick={() => toggleLogTarget(id)}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <div className="log-add" ref={ref}>
        <button
          type="button"
          className="log-btn"
          aria-haspopup="true"
          aria-expanded={open}
          data-testid="logs-add"
          onClick={() => setOpen((o) => !o)}
        >
          + Add
        </button>
        {open && (
          <ul className="log-add-menu" aria-label="Containers to follow">
            {all.length === 0 && <li className="log-add-empty">No containers on this engine.</li>}
            {all.map((c: ContainerView) => (
              <li key={c.id}>
                <label className="log-add-item">
                  <input type="checkbox" checked={targets.includes(c.id)} onChange={() => toggleLogTarget(c.id)} />
                  <span className="log-add-name">{c.name}</span>
                  <span className="log-add-meta">
                    {c.state} · {shortId(c.id)}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
