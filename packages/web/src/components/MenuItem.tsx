import type { ButtonHTMLAttributes } from 'react';
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
