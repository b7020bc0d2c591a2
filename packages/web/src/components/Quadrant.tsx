import { memo, useCallback, useRef, useState, type CSSProperties } from 'react';
import type { PaneDefinition } from '../panes/types.ts';
import { addPane, choosePane, closePane, maximise, restore, type PlacedPane } from '../stores/layout-model.ts';
import { editLayout } from '../stores/layouts.ts';
import { MenuItem, menuKeyDown, useMenuButtonKeys } from './MenuItem.tsx';
import { PaneErrorBoundary } from './PaneErrorBoundary.tsx';
import { useDismiss } from './use-dismiss.ts';
import './quadrant.css';

export type DropZone = 'before' | 'after' | 'swap';

interface QuadrantProps {
  place: PlacedPane;
  pane: PaneDefinition;
  panes: readonly PaneDefinition[];
  /** Panes on the wall now, by id. */
  shown: readonly string[];
  maximised: boolean;
  /** Another pane fills the wall: this one stays mounted (a shell lives on) but out of sight. */
  hidden: boolean;
  canAdd: boolean;
  canClose: boolean;
  /** Where a pane dragged over this one would land. */
  drop: DropZone | undefined;
}

/** The pane itself, re-rendered only when it changes: moving and resizing leave it alone. */
const PaneSlot = memo(function PaneSlot({ pane }: { pane: PaneDefinition }) {
  const Pane = pane.component;
  return (
    <PaneErrorBoundary key={pane.id} title={pane.title}>
      <Pane id={pane.id} title={pane.title} />
    </PaneErrorBoundary>
  );
});

/**
 * One pane on the wall, placed by its share of the room, with its controls at the right end of
 * its title bar: maximise, the pane menu (show another pane here, add one beside) and close. The
 * pane knows nothing of these, so every registered pane works in any layout.
 */
export function Quadrant({ place, pane, panes, shown, maximised, hidden, canAdd, canClose, drop }: QuadrantProps) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, ref);
  const buttonKeys = useMenuButtonKeys(open, setOpen, ref);
  const slot = place.slot;
  const style = {
    '--x': place.x,
    '--y': place.y,
    '--w': place.w,
    '--h': place.h,
  } as CSSProperties;
  const notShown = panes.filter((p) => !shown.includes(p.id));

  return (
    <div
      className="quadrant"
      data-slot={slot}
      data-pane-shown={pane.id}
      data-maximised={maximised ? 'true' : undefined}
      data-hidden={hidden ? 'true' : undefined}
      data-drop={drop}
      aria-hidden={hidden || undefined}
      style={style}
    >
      <PaneSlot pane={pane} />
      <div className="quadrant-switch" ref={ref}>
        <button
          type="button"
          className="quadrant-btn"
          data-testid="pane-maximise"
          data-slot={slot}
          aria-pressed={maximised}
          title={
            maximised
              ? 'Restore the layout (Esc, Alt+0, or double-click the title)'
              : 'Fill the page with this pane (or double-click its title)'
          }
          onClick={() => editLayout((l) => (maximised ? restore(l) : maximise(l, pane.id)))}
        >
          <span aria-hidden="true">{maximised ? '⤡' : '⤢'}</span>
          <span className="visually-hidden">{maximised ? `Restore ${pane.title}` : `Maximise ${pane.title}`}</span>
        </button>
        <button
          type="button"
          className="quadrant-btn"
          data-testid="pane-switch"
          data-slot={slot}
          aria-haspopup="menu"
          aria-expanded={open}
          title={`Show another pane here, or add one (now: ${pane.title})`}
          onClick={() => setOpen((o) => !o)}
          onKeyDown={buttonKeys}
        >
          <span aria-hidden="true">▦</span>
          <span className="visually-hidden">Change the pane of slot {slot + 1}</span>
        </button>
        {canClose && !maximised && (
          <button
            type="button"
            className="quadrant-btn"
            data-testid="pane-close"
            data-slot={slot}
            title={`Close ${pane.title} (its neighbours take the room; add it back from any pane menu)`}
            onClick={() => editLayout((l) => closePane(l, pane.id))}
          >
            <span aria-hidden="true">×</span>
            <span className="visually-hidden">Close {pane.title}</span>
          </button>
        )}
        {open && (
          <div className="quadrant-menu" role="menu" aria-label={`Pane shown in slot ${slot + 1}`} onKeyDown={menuKeyDown}>
            <p className="quadrant-menu-head">Show here</p>
            <ul>
              {panes.map((p) => (
                <MenuItem
                  key={p.id}
                  kind="radio"
                  checked={p.id === pane.id}
                  className="quadrant-choice"
                  data-testid="pane-choice"
                  data-pane={p.id}
                  onClick={() => {
                    editLayout((l) => choosePane(l, slot, p.id));
                    setOpen(false);
                  }}
                >
                  {p.title}
                </MenuItem>
              ))}
            </ul>
            {notShown.length > 0 && (
              <>
                <p className="quadrant-menu-head">{canAdd ? 'Add beside' : 'Add beside (the page is full: close a pane first)'}</p>
                <ul>
                  {notShown.map((p) => (
                    <MenuItem
                      key={p.id}
                      className="quadrant-choice"
                      data-testid="pane-add"
                      data-pane={p.id}
                      disabled={!canAdd}
                      onClick={() => {
                        editLayout((l) => addPane(l, p.id, pane.id));
                        setOpen(false);
                      }}
                    >
                      + {p.title}
                    </MenuItem>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
