import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { ContainerView } from '@phedds/shared';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { useConnection } from '../../stores/connection.ts';
import { useContainers } from '../../stores/containers.ts';
import { useEngine } from '../../stores/engine.ts';
import { selectContainer, useSelection } from '../../stores/selection.ts';
import type { PaneProps } from '../types.ts';
import { confirmationFor, type Confirmation, type RowAction } from './actions.ts';
import { GroupSection } from './GroupSection.tsx';
import { groupContainers, summarize, summaryText } from './model.ts';
import { useContainerActions } from './use-container-actions.ts';
import './containers-pane.css';

interface Question extends Confirmation {
  container: ContainerView;
  action: RowAction;
}

export function ContainersPane({ id, title }: PaneProps) {
  const { byId, loaded, changedAt } = useContainers();
  const engine = useEngine();
  const connection = useConnection();
  const selectedId = useSelection();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [question, setQuestion] = useState<Question>();
  const actions = useContainerActions();
  const { run } = actions;

  const groups = useMemo(() => groupContainers(byId.values(), deferredQuery), [byId, deferredQuery]);
  const summary = useMemo(() => summarize(byId.values(), deferredQuery), [byId, deferredQuery]);

  const engineDown = engine?.state === 'down';
  const disconnected = connection.state !== 'open' && connection.failures > 0;
  const filtering = deferredQuery.trim() !== '';

  const onToggle = useCallback((key: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  const onAction = useCallback(
    (c: ContainerView, action: RowAction) => {
      const confirmation = confirmationFor(c, action);
      if (confirmation) setQuestion({ ...confirmation, container: c, action });
      else run(c, action);
    },
    [run],
  );

  const filter = (
    <input
      type="search"
      className="filter"
      placeholder="Filter: name, image, project, port…"
      title="Filter by name, image, compose project, state, health or port; every word must match"
      aria-label="Filter containers"
      data-testid="container-filter"
      value={query}
      onChange={(e) => setQuery(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setQuery('');
      }}
    />
  );

  return (
    <PaneFrame id={id} title={title} meta={loaded && (byId.size > 0 || !engineDown) ? summaryText(summary) : undefined} tools={filter}>
      {(engineDown || disconnected) && (
        <div className="banner banner-down" role="status" data-testid="containers-banner">
          {disconnected
            ? 'Console disconnected from its server, reconnecting…'
            : `Engine unreachable — ${engine?.error ?? 'it does not answer'}.`}
          {byId.size > 0 && ' The list shows the last known state and refreshes by itself once the connection is back.'}
        </div>
      )}
      <div className={`container-list${engineDown || disconnected ? ' is-stale' : ''}`}>
        {!loaded ? (
          <p className="empty">
            <span className="spinner" aria-hidden="true" /> Waiting for the container list…
          </p>
        ) : byId.size === 0 && engineDown ? (
          <p className="empty">No container list yet: the engine has not answered since the console started.</p>
        ) : byId.size === 0 ? (
          <p className="empty">
            No containers on this engine yet. Start one, e.g. <code>docker run -d --name web nginx</code>, and it appears here as it
            happens.
          </p>
        ) : groups.length === 0 ? (
          <p className="empty">No container matches “{deferredQuery.trim()}”.</p>
        ) : (
          groups.map((g) => (
            <GroupSection
              key={g.key}
              group={g}
              collapsed={collapsed.has(g.key) && !filtering}
              onToggle={onToggle}
              selectedId={selectedId}
              changedAt={changedAt}
              actions={actions}
              actionsDisabled={engineDown}
              onSelect={selectContainer}
              onAction={onAction}
            />
          ))
        )}
      </div>
      {question && (
        <ConfirmDialog
          title={question.title}
          body={question.body}
          confirmLabel={question.confirmLabel}
          onCancel={() => setQuestion(undefined)}
          onConfirm={() => {
            setQuestion(undefined);
            run(question.container, question.action);
          }}
        />
      )}
    </PaneFrame>
  );
}
