import { useCallback, useEffect, useRef, type ButtonHTMLAttributes, type KeyboardEvent, type RefObject } from 'react';
import './menu-item.css';

const ROLE = { action: 'menuitem', radio: 'menuitemradio', checkbox: 'menuitemcheckbox' } as const;

type MenuItemProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'role' | 'aria-checked'> & {
  /** An action (the default), one choice of several (`radio`) or an on/off setting (`checkbox`). */
  kind?: keyof typeof ROLE;
  /** Whether a `radio` or `checkbox` item is on; ignored for an action. */
  checked?: boolean;
  /** Class of the list item around the button, e.g. a separator above it. */
  itemClassName?: string;
};

/**
 * One entry of a popup menu (`role="menu"`): a list item holding a button with the right menu
 * role. Its own classes add to the shared `menu-item` look; `data-*` attributes reach the button.
 */
export function MenuItem({ kind = 'action', checked, itemClassName, className, children, ...button }: MenuItemProps) {
  return (
    <li role="none" className={itemClassName}>
      <button
        type="button"
        role={ROLE[kind]}
        aria-checked={kind === 'action' ? undefined : Boolean(checked)}
        className={className ? `menu-item ${className}` : 'menu-item'}
        {...button}
      >
        {children}
      </button>
    </li>
  );
}

/** The entries keyboard movement reaches: enabled items of every menu role. */
const ITEMS = '[role^="menuitem"]:not(:disabled)';
const MOVES = ['ArrowDown', 'ArrowUp', 'Home', 'End'] as const;
type Move = (typeof MOVES)[number];

/** Where focus goes among `count` items from item `at` (-1: none has focus) for a key; wraps around. */
export function nextMenuIndex(key: Move, at: number, count: number): number {
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  if (at < 0) return key === 'ArrowDown' ? 0 : count - 1;
  return (at + (key === 'ArrowDown' ? 1 : -1) + count) % count;
}

/**
 * Keyboard movement inside a menu, for its `role="menu"` element: the arrow keys, Home and End move
 * focus between its enabled items (Tab and Escape keep their usual meaning). Keys typed into a text
 * field inside the menu are left to the field.
 */
export function menuKeyDown(e: KeyboardEvent<HTMLElement>): void {
  const key = MOVES.find((k) => k === e.key);
  if (!key || (e.target as HTMLElement).closest('input, textarea, select')) return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(ITEMS)];
  if (items.length === 0) return;
  e.preventDefault();
  items[nextMenuIndex(key, items.indexOf(document.activeElement as HTMLElement), items.length)]!.focus();
}

/** Focuses the first or last enabled item of the menu inside `root`; false when it has none (yet). */
function focusItem(root: HTMLElement | null, which: 'first' | 'last'): boolean {
  const items = root?.querySelectorAll<HTMLElement>(`[role="menu"] ${ITEMS}`);
  if (!items?.length) return false;
  items[which === 'first' ? 0 : items.length - 1]!.focus();
  return true;
}

/**
 * For the button that opens a menu (`root` holds both): ArrowDown opens the menu with focus on its
 * first item, ArrowUp on its last, as in any desktop menu; returns the button's key handler.
 */
export function useMenuButtonKeys(
  open: boolean,
  setOpen: (open: boolean) => void,
  root: RefObject<HTMLElement | null>,
): (e: KeyboardEvent<HTMLElement>) => void {
  const pending = useRef<'first' | 'last'>(undefined);
  useEffect(() => {
    if (open && pending.current && focusItem(root.current, pending.current)) pending.current = undefined;
  }, [open, root]);
  return useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      e.preventDefault();
      const which = e.key === 'ArrowDown' ? 'first' : 'last';
      if (open) focusItem(root.current, which);
      else {
        pending.current = which;
        setOpen(true);
      }
    },
    [open, setOpen, root],
  );
}
