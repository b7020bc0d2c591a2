import { useCallback, useRef, useState } from 'react';
import type { PaneDefinition } from '../panes/types.ts';
import { chooseQuadrantPane, useQuadrants } from '../stores/quadrants.ts';
import { PaneErrorBoundary } from './PaneErrorBoundary.tsx';
import { useDismiss } from './use-dismiss.ts';
import './quadrant.css';

interface QuadrantProps {
  slot: number;
  panes: readonly PaneDefinition[];
}

/**
 * One of the page's four quadrants: the pane chosen for it, and a small switcher at the right end
 * of its title bar listing every registered pane. The pane fills the quadrant; it knows nothing
 * of the switcher, so the same panes work in any later layout.
 */
export function Quadrant({ slot, panes }: QuadrantProps) {
  const ids = panes.map((p) => p.id);
  const chosen = useQuadrants(ids)[slot];
  const pane = panes.find((p) => p.id === chosen);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, ref);
  if (!pane) return null;
  const Pane = pane.component;
  return (
    <div className="quadrant" data-slot={slot} data-pane-shown={pane.id}>
      <PaneErrorBoundary key={pane.id} title={pane.title}>
        <Pane id={pane.id} title={pane.title} />
      </PaneErrorBoundary>
      <div className="quadrant-switch" ref={ref}>
        <button
          type="button"
          className="quadrant-switch-btn"
          data-testid="pane-switch"
          data-slot={slot}
          aria-haspopup="menu"
          aria-expanded={open}
          title={`Show another pane here (now: ${pane.title})`}
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">▦</span>
          <span className="visually-hidden">Change the pane of quadrant {slot + 1}</span>
        </button>
        {open && (
          <ul className="quadrant-menu" role="menu" aria-label={`Pane shown in quadrant ${slot + 1}`}>
            {panes.map((p) => (
              <li key={p.id} role="none">
                <button
                  type="button"
                  role="menuitemradio"
                  aria-checked={p.id === pane.id}
                  className="quadrant-choice"
                  data-testid="pane-choice"
                  data-pane={p.id}
                  onClick={() => {
                    chooseQuadrantPane(slot, p.id, ids);
                    setOpen(false);
                  }}
                >
                  {p.title}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
