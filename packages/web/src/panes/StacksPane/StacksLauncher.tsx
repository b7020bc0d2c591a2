import { useEffect, useState } from 'react';
import { useStacks } from '../../stores/stacks.ts';
import { StacksPane } from './StacksPane.tsx';

/**
 * The header's Stacks button: the Stacks view over the whole page (an editor needs more room than
 * a quadrant). Escape or the button closes it; the page behind keeps running.
 */
export function StacksLauncher() {
  const [open, setOpen] = useState(false);
  const { stacks } = useStacks();
  const deploying = stacks.some((s) => s.deploying);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !(e.target instanceof Element && e.target.closest('.monaco-editor'))) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <>
      <button
        type="button"
        className={`btn stk-topbar-btn${open ? ' is-active' : ''}`}
        data-testid="open-stacks"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Stacks{stacks.length > 0 ? ` (${stacks.length})` : ''}
        {deploying && <span className="spinner" aria-label="a deploy is running" />}
      </button>
      {open && (
        <div className="stk-stacks-overlay" data-testid="stacks-overlay" role="dialog" aria-label="Stacks">
          <StacksPane id="stacks-full" title="Stacks" onClose={() => setOpen(false)} />
        </div>
      )}
    </>
  );
}
