import type { ContainerView } from '@phedds/shared';
import { ContainerRow } from './ContainerRow.tsx';
import type { RowAction } from './actions.ts';
import type { ContainerGroup } from './model.ts';
import type { ContainerActions } from './use-container-actions.ts';

interface GroupSectionProps {
  group: ContainerGroup;
  collapsed: boolean;
  onToggle: (key: string) => void;
  selectedId: string | undefined;
  changedAt: ReadonlyMap<string, number>;
  actions: Pick<ContainerActions, 'pending' | 'errors' | 'dismiss'>;
  actionsDisabled: boolean;
  onSelect: (id: string) => void;
  onAction: (c: ContainerView, action: RowAction) => void;
}

/** One compose project (or the standalone containers): a collapsible header and its rows. */
export function GroupSection(props: GroupSectionProps) {
  const { group: g, collapsed, onToggle, selectedId, changedAt, actions, actionsDisabled, onSelect, onAction } = props;
  const bodyId = `group-${g.key}`;
  return (
    <section className="group" data-testid="container-group" data-group={g.key}>
      <button type="button" className="group-head" aria-expanded={!collapsed} aria-controls={bodyId} onClick={() => onToggle(g.key)}>
        <span className={`caret${collapsed ? '' : ' is-open'}`} aria-hidden="true" />
        <span className="group-title">{g.title}</span>
        <span className="group-kind">{g.project !== undefined ? 'compose project' : 'no project'}</span>
        <span className="group-count" title={`${g.running} running of ${g.total}`}>
          <span className={g.running === g.total ? 'all-up' : g.running === 0 ? 'none-up' : 'some-up'}>{g.running}</span>/{g.total} running
        </span>
      </button>
      {!collapsed && (
        <ul className="rows" id={bodyId}>
          {g.containers.map((c) => (
            <ContainerRow
              key={c.id}
              container={c}
              selected={c.id === selectedId}
              changedAt={changedAt.get(c.id)}
              pending={actions.pending.get(c.id)}
              error={actions.errors.get(c.id)}
              actionsDisabled={actionsDisabled}
              onSelect={onSelect}
              onAction={onAction}
              onDismissError={actions.dismiss}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
