import { useCallback, useRef, useState, type FormEvent } from 'react';
import { LAYOUT_LIMITS } from '@phedds/shared';
import { restore } from '../stores/layout-model.ts';
import {
  createLayout,
  deleteLayout,
  editLayout,
  layoutNameProblem,
  renameLayout,
  switchLayout,
  togglePresenter,
  useLayouts,
} from '../stores/layouts.ts';
import { MenuItem, menuKeyDown, useMenuButtonKeys } from './MenuItem.tsx';
import { useDismiss } from './use-dismiss.ts';
import './layout-menu.css';

interface LayoutMenuProps {
  /** A pane fills the page now (the menu offers to restore it). */
  maximised: boolean;
}

type Naming = { mode: 'new' | 'rename'; value: string } | undefined;

/** The top bar's layout menu: switch, save as, rename, delete; restore; presenter mode; the keys for each. */
export function LayoutMenu({ maximised }: LayoutMenuProps) {
  const s = useLayouts();
  const [open, setOpen] = useState(false);
  const [naming, setNaming] = useState<Naming>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => {
    setOpen(false);
    setNaming(undefined);
    setConfirmDelete(false);
  }, []);
  useDismiss(open, close, ref);
  const buttonKeys = useMenuButtonKeys(open, setOpen, ref);

  const problem = naming ? layoutNameProblem(naming.value, naming.mode === 'rename' ? s.active : undefined) : undefined;
  const full = s.layouts.length >= LAYOUT_LIMITS.layouts;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!naming || problem) return;
    if (naming.mode === 'new') createLayout(naming.value);
    else renameLayout(s.active, naming.value);
    close();
  };

  return (
    <div className="layout-menu" ref={ref}>
      <button
        type="button"
        className="layout-button"
        data-testid="layout-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        title={s.saveError ? `Layout not saved: ${s.saveError}` : 'Layouts: switch, save, rename (Alt+1…9)'}
        onClick={() => (open ? close() : setOpen(true))}
        onKeyDown={buttonKeys}
      >
        <span aria-hidden="true">▤</span>
        <span className="layout-name" data-testid="layout-active">
          {s.active}
        </span>
        {s.saveError && (
          <span className="layout-warn" aria-label="not saved">
            !
          </span>
        )}
      </button>
      {open && (
        <div className="layout-pop" role="menu" aria-label="Layouts" onKeyDown={menuKeyDown}>
          <ul className="layout-list">
            {s.layouts.map((l, i) => (
              <MenuItem
                key={l.name}
                kind="radio"
                checked={l.name === s.active}
                className="layout-item"
                data-testid="layout-choice"
                data-name={l.name}
                onClick={() => {
                  switchLayout(l.name);
                  close();
                }}
              >
                <span className="layout-item-name">{l.name}</span>
                {i < 9 && <kbd>Alt+{i + 1}</kbd>}
              </MenuItem>
            ))}
          </ul>
          {naming ? (
            <form className="layout-form" onSubmit={submit}>
              <label>
                {naming.mode === 'new' ? 'Save this arrangement as' : `Rename “${s.active}” to`}
                <input
                  data-testid="layout-name"
                  value={naming.value}
                  maxLength={LAYOUT_LIMITS.nameLength}
                  autoFocus
                  onChange={(e) => setNaming({ ...naming, value: e.target.value })}
                />
              </label>
              {problem && naming.value !== '' && <p className="layout-problem">{problem}</p>}
              <div className="layout-form-buttons">
                <button type="button" onClick={() => setNaming(undefined)}>
                  Cancel
                </button>
                <button type="submit" className="primary" data-testid="layout-name-ok" disabled={problem !== undefined}>
                  {naming.mode === 'new' ? 'Save' : 'Rename'}
                </button>
              </div>
            </form>
          ) : (
            <ul className="layout-actions">
              <MenuItem
                data-testid="layout-save-as"
                disabled={full}
                title={full ? `At most ${LAYOUT_LIMITS.layouts} layouts: delete one first` : undefined}
                onClick={() => setNaming({ mode: 'new', value: `Layout ${s.layouts.length + 1}` })}
              >
                Save as new layout…
              </MenuItem>
              <MenuItem data-testid="layout-rename" onClick={() => setNaming({ mode: 'rename', value: s.active })}>
                Rename “{s.active}”…
              </MenuItem>
              <MenuItem
                data-testid="layout-delete"
                className={confirmDelete ? 'danger' : undefined}
                disabled={s.layouts.length <= 1}
                onClick={() => {
                  if (!confirmDelete) return setConfirmDelete(true);
                  deleteLayout(s.active);
                  close();
                }}
              >
                {confirmDelete ? `Really delete “${s.active}”?` : `Delete “${s.active}”`}
              </MenuItem>
              <MenuItem
                itemClassName="layout-sep"
                data-testid="layout-restore"
                disabled={!maximised}
                onClick={() => {
                  editLayout(restore);
                  close();
                }}
              >
                Restore from maximised <kbd>Alt+0</kbd>
              </MenuItem>
              <MenuItem
                kind="checkbox"
                checked={s.presenter}
                data-testid="layout-presenter"
                onClick={() => {
                  togglePresenter();
                  close();
                }}
              >
                Presenter mode <kbd>Alt+P</kbd>
              </MenuItem>
            </ul>
          )}
          <p className="layout-hint">
            Drag a title bar onto another pane to move it; drag the gaps to resize; double-click a title bar (or Esc) to maximise and
            restore. Saved to your account.
          </p>
          {s.saveError && (
            <p className="layout-problem" role="alert">
              Not saved: {s.saveError}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
