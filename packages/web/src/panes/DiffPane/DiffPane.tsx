import { useEffect, useMemo, useRef, useState } from 'react';
import { shortId, type ChangeKind } from '@phedds/shared';
import '../../components/details.css';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { VirtualList } from '../../components/VirtualList.tsx';
import { useContainers } from '../../stores/containers.ts';
import { CHANGES_REFRESH_MS, changesStore } from '../../stores/details.ts';
import { useSelection } from '../../stores/selection.ts';
import type { PaneProps } from '../types.ts';
import { buildTree, flatten, type FlatRow } from './tree.ts';
import './diff-pane.css';

const ROW_HEIGHT = 26;
const MARK: Record<ChangeKind, string> = { added: 'A', changed: 'C', deleted: 'D' };
const WORD: Record<ChangeKind, string> = { added: 'added', changed: 'changed', deleted: 'deleted' };

/**
 * `docker diff` of the selected container as a tree: what it added, changed and deleted relative
 * to its image. Read again every few seconds while shown; paths new since the last read flash.
 */
export function DiffPane({ id, title }: PaneProps) {
  const selected = useSelection();
  const { byId } = useContainers();
  const container = selected ? byId.get(selected) : undefined;
  const res = changesStore.useData(selected);
  const data = res.data?.id === selected ? res.data : undefined;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const seen = useRef<{ id?: string; paths: Set<string> }>({ paths: new Set() });
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());

  const tree = useMemo(() => (data ? buildTree(data.changes) : undefined), [data]);
  const rows = useMemo(() => (tree ? flatten(tree, collapsed) : []), [tree, collapsed]);

  // Which paths appeared since the previous read of the same container.
  useEffect(() => {
    if (!data) return;
    const paths = new Set(data.changes.map((c) => c.path));
    const prev = seen.current;
    setFresh(prev.id === data.id ? new Set([...paths].filter((p) => !prev.paths.has(p))) : new Set());
    seen.current = { id: data.id, paths };
  }, [data]);

  const toggle = (path: string): void =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(path)) next.add(path);
      return next;
    });

  const renderRow = (i: number) => {
    const { node, depth }: FlatRow = rows[i]!;
    const folder = node.children.length > 0;
    const open = !collapsed.has(node.path);
    return (
      <div
        className={`diff-row${fresh.has(node.path) ? ' is-new' : ''}`}
        data-testid="diff-row"
        data-path={node.path}
        data-kind={node.kind ?? ''}
      >
        <span className="diff-indent" style={{ width: `${depth * 1.25}rem` }} />
        {folder ? (
          <button
            type="button"
            className={`diff-caret${open ? ' is-open' : ''}`}
            aria-label={`${open ? 'Collapse' : 'Expand'} ${node.path}`}
            aria-expanded={open}
            onClick={() => toggle(node.path)}
          />
        ) : (
          <span className="diff-caret-space" />
        )}
        {node.kind ? (
          <span className={`diff-mark diff-${node.kind}`} title={WORD[node.kind]}>
            {MARK[node.kind]}
          </span>
        ) : (
          <span className="diff-mark" />
        )}
        <span className={`diff-name${folder ? ' is-folder' : ''}${node.kind === 'deleted' ? ' is-deleted' : ''}`} title={node.path}>
          {node.name}
          {folder ? '/' : ''}
        </span>
        {folder && !open && (
          <span className="diff-counts">
            {node.counts.added > 0 && <span className="diff-added">+{node.counts.added}</span>}
            {node.counts.changed > 0 && <span className="diff-changed">~{node.counts.changed}</span>}
            {node.counts.deleted > 0 && <span className="diff-deleted">−{node.counts.deleted}</span>}
          </span>
        )}
      </div>
    );
  };

  const name = container?.name ?? (selected ? shortId(selected) : undefined);
  const counts = tree?.counts;
  return (
    <PaneFrame
      id={id}
      title={title}
      meta={
        name ? (
          <>
            <span className="details-name">{name}</span>
            {counts && (
              <span className="diff-summary">
                {' '}
                <span className="diff-added">+{counts.added}</span> <span className="diff-changed">~{counts.changed}</span>{' '}
                <span className="diff-deleted">−{counts.deleted}</span>
              </span>
            )}
          </>
        ) : undefined
      }
      tools={
        selected ? (
          <button type="button" className="details-btn" onClick={() => changesStore.refresh(selected)}>
            Refresh
          </button>
        ) : undefined
      }
    >
      <div className="details" data-testid="diff-pane" data-subject={selected ?? ''}>
        {!selected ? (
          <p className="details-empty">
            Select a container (click its row in the Containers pane) to see which files it added, changed or deleted.
          </p>
        ) : (
          <>
            {res.error && (
              <p className="details-error" role="alert">
                {res.error}
              </p>
            )}
            {!data ? (
              res.loading && (
                <p className="details-empty">
                  <span className="spinner" aria-hidden="true" /> Reading…
                </p>
              )
            ) : rows.length === 0 ? (
              <p className="details-empty">
                {name} has not changed any file of its image yet. Try <code>docker exec {name} touch /tmp/hello</code>.
              </p>
            ) : (
              <VirtualList
                count={rows.length}
                rowHeight={ROW_HEIGHT}
                renderRow={renderRow}
                rowKey={(i) => rows[i]!.node.path}
                label={`Files ${name} changed`}
                testId="diff-list"
              />
            )}
            <p className="details-note">
              {data && data.total > data.changes.length ? `Showing the first ${data.changes.length} of ${data.total} changes. ` : ''}
              Relative to its image; refreshed every {CHANGES_REFRESH_MS / 1000} s while shown.
            </p>
          </>
        )}
      </div>
    </PaneFrame>
  );
}
