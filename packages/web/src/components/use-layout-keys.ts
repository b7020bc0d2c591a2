import { useEffect } from 'react';
import { restore } from '../stores/layout-model.ts';
import { editLayout, layoutsStore, switchLayoutAt, togglePresenter, activeLayout } from '../stores/layouts.ts';

/** Where Escape means something else: typing, a terminal, an editor, a dialog, an open menu. */
const ESCAPE_OWNERS = 'input, textarea, select, [contenteditable], .xterm, .monaco-editor, dialog';

/**
 * The layout's keys, on the whole page: Alt+1…Alt+9 switch to the n-th layout, Alt+0 and Escape
 * restore a maximised pane, Alt+P toggles presenter mode. The Alt keys are taken before the pane
 * with focus sees them, so they work from inside the shell too.
 */
export function useLayoutKeys(paneIds: readonly string[]): void {
  useEffect(() => {
    const onAlt = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const digit = /^(?:Digit|Numpad)([0-9])$/.exec(e.code)?.[1];
      if (digit !== undefined) {
        if (digit === '0') editLayout(restore);
        else switchLayoutAt(Number(digit) - 1);
      } else if (e.code === 'KeyP') togglePresenter();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    const onEscape = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (!activeLayout(layoutsStore.get(), paneIds).maximised) return;
      const t = e.target instanceof Element ? e.target : null;
      if (t?.closest(ESCAPE_OWNERS) || document.querySelector('[aria-expanded="true"]')) return;
      editLayout(restore);
    };
    // Capture for the Alt keys: before a terminal turns them into input.
    window.addEventListener('keydown', onAlt, true);
    window.addEventListener('keydown', onEscape);
    return () => {
      window.removeEventListener('keydown', onAlt, true);
      window.removeEventListener('keydown', onEscape);
    };
  }, [paneIds]);
}
