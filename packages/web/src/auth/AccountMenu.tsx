import type { MeView } from '@phedds/shared';
import { useCallback, useRef, useState } from 'react';
import { MenuItem, menuKeyDown, useMenuButtonKeys } from '../components/MenuItem.tsx';
import { useDismiss } from '../components/use-dismiss.ts';
import { signOut } from '../stores/auth.ts';
import { ChangePasswordDialog } from './ChangePasswordDialog.tsx';
import './auth.css';

interface AccountMenuProps {
  me: MeView;
  /** Opens the administration views (shown to admins only). */
  onAdmin?: () => void;
  /** Opens the API tokens view (every role has its own tokens). */
  onTokens?: () => void;
}

/** Who is signed in, with their role; change password, tokens, administration and sign out. */
export function AccountMenu({ me, onAdmin, onTokens }: AccountMenuProps) {
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const name = me.user.displayName || me.user.username;

  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, rootRef);
  const buttonKeys = useMenuButtonKeys(open, setOpen, rootRef);

  const item = (label: string, testId: string, action: () => void) => (
    <MenuItem
      className="account-item"
      data-testid={testId}
      onClick={() => {
        setOpen(false);
        action();
      }}
    >
      {label}
    </MenuItem>
  );

  return (
    <div className="account" ref={rootRef}>
      <button
        type="button"
        className="account-button"
        data-testid="account-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={buttonKeys}
      >
        <span className="account-name">{name}</span>
        <span className="role-badge" data-role={me.role}>
          {me.role}
        </span>
      </button>
      {open && (
        <div className="account-pop" role="menu" aria-label="Account" onKeyDown={menuKeyDown}>
          <p className="account-who">
            Signed in as <strong>{me.user.username}</strong>
            {me.user.source === 'ldap' ? ' (directory)' : ''}
          </p>
          <ul className="account-list">
            {me.user.source === 'local' && me.via === 'session' && item('Change password…', 'account-password', () => setChanging(true))}
            {onTokens && item('API tokens', 'account-tokens', onTokens)}
            {onAdmin && me.role === 'admin' && item('Administration', 'account-admin', onAdmin)}
            {item('Sign out', 'account-signout', () => void signOut())}
          </ul>
        </div>
      )}
      {changing && <ChangePasswordDialog username={me.user.username} onClose={() => setChanging(false)} />}
    </div>
  );
}
