import { memo, useLayoutEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { shortId, type ContainerView } from '@phedds/shared';
import { useCan } from '../../stores/auth.ts';
import { useRecent } from '../../stores/recent-changes.ts';
import { openExec } from '../../stores/terminals.ts';
import { rowActions, type RowAction } from './actions.ts';
import { stateTone } from './model.ts';
import { portLinks } from './ports.ts';
import { Uptime } from './Uptime.tsx';
import type { ActionError } from './use-container-actions.ts';
import './container-row.css';

interface ContainerRowProps {
  container: ContainerView;
  selected: boolean;
  /** Epoch ms of the last live change to this container, if recent. */
  changedAt: number | undefined;
  pending: RowAction | undefined;
  error: ActionError | undefined;
  /** Actions are pointless while the engine is down: the buttons say so instead of failing. */
  actionsDisabled: boolean;
  onSelect: (id: string) => void;
  onAction: (c: ContainerView, action: RowAction) => void;
  onDismissError: (id: string) => void;
}

/** Only a change this fresh flashes; a row mounted later (filter, expand) shows old news quietly. */
const FLASH_WINDOW_MS = 1500;

const PENDING_LABEL: Record<RowAction, string> = {
  start: 'starting…',
  stop: 'stopping…',
  restart: 'restarting…',
  pause: 'pausing…',
  unpause: 'unpausing…',
  kill: 'killing…',
  remove: 'removing…',
};

/**
 * Flashes the row's overlay when a live change arrives. The class is toggled on an element whose
 * className React never rewrites, so a re-render (e.g. the action finishing) cannot cut it short.
 */
function useFlash(changedAt: number | undefined) {
  const ref = useRef<HTMLSpanElement>(null);
  // Layout effect: the flash starts in the same frame as the change it shows.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || changedAt === undefined || Date.now() - changedAt > FLASH_WINDOW_MS) return;
    // Restart the CSS animation even if the previous flash is still running.
    el.classList.remove('is-flashing');
    void el.offsetWidth;
    el.classList.add('is-flashing');
  }, [changedAt]);
  return ref;
}

/** Brings a new error into view: it appears under a row that may sit at the bottom edge of the pane. */
function useRevealed(message: string | undefined) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (message !== undefined) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [message]);
  return ref;
}

export const ContainerRow = memo(function ContainerRow(props: ContainerRowProps) {
  const { container: c, selected, changedAt, pending, error, actionsDisabled } = props;
  const { onSelect, onAction, onDismissError } = props;
  const flashRef = useFlash(changedAt);
  // Presenter mode keeps a just-changed row lit for a few seconds (see container-row.css).
  const recent = useRecent('container', c.id);
  const errorRef = useRevealed(error?.message);
  const ports = useMemo(() => portLinks(c.ports, window.location.hostname), [c.ports]);
  const busy = pending !== undefined;
  // The server refuses what a role cannot do; the row does not offer it.
  const canAct = useCan('lifecycle');
  const canExec = useCan('exec');

  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onSelect(c.id);
    }
  };

  return (
    <li
      className={`row${selected ? ' is-selected' : ''}${busy ? ' is-busy' : ''}${recent ? ' is-recent' : ''}`}
      data-testid="container-row"
      data-name={c.name}
      data-state={c.state}
      data-health={c.health}
      data-recent={recent ? 'true' : undefined}
      data-selected={selected ? 'true' : 'false'}
      aria-current={selected ? 'true' : undefined}
      aria-busy={busy}
      tabIndex={0}
      onClick={() => onSelect(c.id)}
      onKeyDown={onKeyDown}
    >
      <span
        ref={flashRef}
        className="row-flash"
        aria-hidden="true"
        onAnimationEnd={(e) => e.currentTarget.classList.remove('is-flashing')}
      />
      <span className={`dot tone-${stateTone(c)}`} title={`${c.state}: ${c.status}`} aria-label={c.state} role="img" />
      {/* Two lines in a narrow pane (name first, then image and actions); columns of one line in a wide one. */}
      <span className="row-main">
        <span className="row-name" title={`${c.name} · ${shortId(c.id)}`}>
          {c.name}
        </span>
        <span className="row-tags">
          {c.health !== 'none' && <span className={`badge health-${c.health}`}>{c.health}</span>}
          {ports.map((p) =>
            p.href ? (
              <a key={p.key} className="port" href={p.href} target="_blank" rel="noopener noreferrer" title={p.title}>
                {p.label}
              </a>
            ) : (
              <span key={p.key} className="port port-plain" title={p.title}>
                {p.label}
              </span>
            ),
          )}
        </span>
        <Uptime container={c} />
      </span>
      <span className="row-sub">
        <span className="row-image" title={c.image}>
          {c.image}
        </span>
        <span className="row-actions">
          {busy && (
            <span className="row-pending" role="status">
              <span className="spinner" aria-hidden="true" />
              {PENDING_LABEL[pending]}
            </span>
          )}
          {canExec && c.state === 'running' && (
            <button
              type="button"
              className="act"
              data-action="exec"
              disabled={actionsDisabled}
              title={actionsDisabled ? 'The engine is unreachable' : `Open a shell in ${c.name} (Shell pane)`}
              onClick={() => openExec({ id: c.id, name: c.name })}
            >
              exec
            </button>
          )}
          {canAct &&
            rowActions(c.state).map((a) => (
              <button
                key={a}
                type="button"
                className={`act${a === 'kill' || a === 'remove' ? ' act-danger' : ''}`}
                data-action={a}
                disabled={busy || actionsDisabled}
                title={actionsDisabled ? 'The engine is unreachable' : `${a} ${c.name}`}
                onClick={() => onAction(c, a)}
              >
                {a}
              </button>
            ))}
        </span>
      </span>
      {error && (
        <div ref={errorRef} className="row-error" role="alert" data-testid="row-error" onClick={(e) => e.stopPropagation()}>
          <span className="row-error-text">
            <strong>{error.action} failed:</strong> {error.message}
          </span>
          <button type="button" className="row-error-close" aria-label="Dismiss" onClick={() => onDismissError(c.id)}>
            ×
          </button>
        </div>
      )}
    </li>
  );
});
