import {
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import type { PaneDefinition } from '../panes/types.ts';
import {
  canAdd,
  maximise,
  movePane,
  panesOf,
  placePanes,
  resizeColumns,
  resizeRows,
  restore,
  swapPanes,
  type Layout,
} from '../stores/layout-model.ts';
import { editLayout } from '../stores/layouts.ts';
import { Quadrant, type DropZone } from './Quadrant.tsx';
import './wall.css';

interface WallProps {
  layout: Layout;
  panes: readonly PaneDefinition[];
  hidden: boolean;
}

interface Drag {
  pane: string;
  title: string;
  x: number;
  y: number;
  target?: string;
  zone?: DropZone;
}

/** Pixels the pointer travels before a press on a title bar becomes a drag. */
const DRAG_THRESHOLD = 6;
/** A keyboard step on a divider: a fiftieth of the room. */
const KEY_STEP = 0.02;
const INTERACTIVE = 'button, input, select, textarea, a, label, [role="tab"], [role="button"], [contenteditable]';

/** The title bar a press landed on, when the press was not on one of its controls. */
function headOf(target: EventTarget | null): HTMLElement | undefined {
  const el = target instanceof Element ? target : null;
  if (!el || el.closest(INTERACTIVE) || el.closest('.quadrant-switch')) return undefined;
  return el.closest<HTMLElement>('.pane-head') ?? undefined;
}

/** Which pane, and which part of it, lies under the pointer: the outer quarters insert, the middle swaps. */
function dropAt(x: number, y: number, dragged: string): Pick<Drag, 'target' | 'zone'> {
  const q = document.elementFromPoint(x, y)?.closest<HTMLElement>('.quadrant');
  const target = q?.dataset.paneShown;
  if (!q || !target || target === dragged) return {};
  const r = q.getBoundingClientRect();
  const at = (x - r.left) / r.width;
  return { target, zone: at < 0.25 ? 'before' : at > 0.75 ? 'after' : 'swap' };
}

/**
 * The panes of the layout in use, placed by their shares. Each pane is keyed by its id, so moving
 * it never remounts it (a shell keeps its session). Drag a title bar onto another pane to move it
 * there; drag the dividers to resize; double-click a title bar to maximise or restore.
 */
export function Wall({ layout, panes, hidden }: WallProps) {
  const areaRef = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | undefined>();
  const placed = useMemo(() => placePanes(layout), [layout]);
  const shown = useMemo(() => panesOf(layout), [layout]);
  const addable = canAdd(layout);
  const byId = useMemo(() => new Map(panes.map((p) => [p.id, p])), [panes]);
  const max = layout.maximised ?? null;

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || max !== null || shown.length < 2) return;
    const head = headOf(e.target);
    const pane = head?.closest<HTMLElement>('.quadrant')?.dataset.paneShown;
    if (!head || !pane) return;
    const start = { x: e.clientX, y: e.clientY };
    const title = byId.get(pane)?.title ?? pane;
    let current: Drag | undefined;
    const move = (ev: globalThis.PointerEvent): void => {
      if (!current && Math.hypot(ev.clientX - start.x, ev.clientY - start.y) < DRAG_THRESHOLD) return;
      ev.preventDefault();
      current = { pane, title, x: ev.clientX, y: ev.clientY, ...dropAt(ev.clientX, ev.clientY, pane) };
      setDrag(current);
    };
    const end = (ev: globalThis.PointerEvent): void => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
      setDrag(undefined);
      if (!current || ev.type === 'pointercancel') return;
      const { target, zone } = dropAt(ev.clientX, ev.clientY, pane);
      if (!target || !zone) return;
      editLayout((l) => (zone === 'swap' ? swapPanes(l, pane, target) : movePane(l, pane, target, zone)));
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
  };

  const onDoubleClick = (e: MouseEvent<HTMLDivElement>) => {
    const pane = headOf(e.target)?.closest<HTMLElement>('.quadrant')?.dataset.paneShown;
    if (pane) editLayout((l) => (l.maximised === pane ? restore(l) : maximise(l, pane)));
  };

  return (
    <main
      className={`quadrants wall${drag ? ' is-dragging' : ''}`}
      hidden={hidden}
      data-testid="wall"
      data-panes={shown.length}
      data-maximised={max ?? undefined}
    >
      <div className="wall-area" ref={areaRef} onPointerDown={onPointerDown} onDoubleClick={onDoubleClick}>
        {/* Rendered in registry order, not layout order: a move changes style only, never the DOM order. */}
        {panes
          .filter((p) => shown.includes(p.id))
          .map((p) => {
            const place = placed.find((x) => x.pane === p.id)!;
            return (
              <Quadrant
                key={p.id}
                place={place}
                pane={p}
                panes={panes}
                shown={shown}
                maximised={max === p.id}
                hidden={max !== null && max !== p.id}
                canAdd={addable}
                canClose={shown.length > 1}
                drop={drag?.target === p.id ? drag.zone : undefined}
              />
            );
          })}
        {max === null && <Dividers layout={layout} area={areaRef} />}
      </div>
      {drag && (
        <div className="drag-ghost" aria-hidden="true" style={{ left: drag.x, top: drag.y }}>
          {drag.title}
          {drag.zone && <span>{drag.zone === 'swap' ? ' ⇄ swap' : drag.zone === 'before' ? ' ← place before' : ' → place after'}</span>}
        </div>
      )}
    </main>
  );
}

interface DividerProps {
  layout: Layout;
  area: RefObject<HTMLDivElement | null>;
}

/** The borders between panes, as draggable (and keyboard-movable) separators. */
function Dividers({ layout, area }: DividerProps) {
  const out: ReactNode[] = [];
  let y = 0;
  layout.rows.forEach((row, r) => {
    let x = 0;
    row.cells.forEach((cell, c) => {
      x += cell.width;
      if (c < row.cells.length - 1) {
        out.push(
          <Divider
            key={`c${r}-${c}`}
            kind="col"
            row={r}
            index={c}
            share={cell.width}
            area={area}
            style={{ '--x': x, '--y': y, '--h': row.height } as CSSProperties}
            label={`Resize ${cell.pane} and ${row.cells[c + 1]!.pane}`}
          />,
        );
      }
    });
    y += row.height;
    if (r < layout.rows.length - 1) {
      out.push(
        <Divider
          key={`r${r}`}
          kind="row"
          row={r}
          index={r}
          share={row.height}
          area={area}
          style={{ '--y': y } as CSSProperties}
          label="Resize the rows"
        />,
      );
    }
  });
  return <>{out}</>;
}

interface OneDividerProps {
  kind: 'col' | 'row';
  row: number;
  index: number;
  /** The share of the pane (or row) before the divider. */
  share: number;
  area: RefObject<HTMLDivElement | null>;
  style: CSSProperties;
  label: string;
}

function Divider({ kind, row, index, share, area, style, label }: OneDividerProps) {
  const resize = (delta: number): void =>
    editLayout((l) => (kind === 'col' ? resizeColumns(l, row, index, delta) : resizeRows(l, index, delta)));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const box = area.current?.getBoundingClientRect();
    if (e.button !== 0 || !box) return;
    e.preventDefault();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const start = kind === 'col' ? e.clientX : e.clientY;
    const size = kind === 'col' ? box.width : box.height;
    const from = share;
    el.classList.add('is-active');
    const move = (ev: globalThis.PointerEvent): void => {
      const pos = kind === 'col' ? ev.clientX : ev.clientY;
      const wanted = from + (pos - start) / size;
      // Relative to the share now, so a drag past the minimum does not pile up.
      editLayout((l) => {
        const nowShare = kind === 'col' ? l.rows[row]?.cells[index]?.width : l.rows[index]?.height;
        return nowShare === undefined
          ? l
          : kind === 'col'
            ? resizeColumns(l, row, index, wanted - nowShare)
            : resizeRows(l, index, wanted - nowShare);
      });
    };
    const end = (): void => {
      el.classList.remove('is-active');
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', end);
      el.removeEventListener('pointercancel', end);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', end);
    el.addEventListener('pointercancel', end);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const back = kind === 'col' ? 'ArrowLeft' : 'ArrowUp';
    const forward = kind === 'col' ? 'ArrowRight' : 'ArrowDown';
    if (e.key === back || e.key === forward) {
      e.preventDefault();
      resize(e.key === back ? -KEY_STEP : KEY_STEP);
    }
  };

  return (
    <div
      className={`divider divider-${kind}`}
      role="separator"
      aria-orientation={kind === 'col' ? 'vertical' : 'horizontal'}
      aria-label={label}
      aria-valuenow={Math.round(share * 100)}
      aria-valuemin={10}
      aria-valuemax={90}
      tabIndex={0}
      data-testid="divider"
      data-kind={kind}
      data-row={row}
      data-index={index}
      style={style}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
