import { ROLES, type Role, type UserView } from '@phedds/shared';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/http.ts';
import { adminApi } from '../auth/api.ts';
import { newPasswordProblem, usernameProblem } from '../auth/forms.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { formatTime } from './audit-format.ts';
import { useLoad } from './use-load.ts';
import './admin.css';

interface UsersViewProps {
  /** The signed-in admin: they cannot disable, demote or delete themselves. */
  selfId: number;
}

/** Accounts: create, change role, enable/disable, reset password, delete. */
export function UsersView({ selfId }: UsersViewProps) {
  const { data: users, error: loadError, reload } = useLoad(adminApi.users);
  const [actionError, setError] = useState<string | undefined>();
  const error = actionError ?? loadError;
  const [notice, setNotice] = useState<string | undefined>();
  const [confirm, setConfirm] = useState<UserView | undefined>();
  const [resetFor, setResetFor] = useState<UserView | undefined>();

  const act = async (what: () => Promise<unknown>, done: string): Promise<void> => {
    setError(undefined);
    setNotice(undefined);
    try {
      await what();
      setNotice(done);
      reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div className="admin-view" data-testid="users-view">
      <NewUserForm onCreate={(u) => act(() => adminApi.createUser(u), `Account ${u.username} created.`)} />
      {error && (
        <p className="admin-error" role="alert">
          {error}
        </p>
      )}
      {notice && <p className="admin-notice">{notice}</p>}
      {!users ? (
        <p className="admin-empty">Loading accounts…</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>Account</th>
              <th>Role</th>
              <th>Source</th>
              <th>Status</th>
              <th>Last sign-in</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.username}`} data-disabled={u.disabled}>
                <td>
                  <span className="admin-strong">{u.username}</span>
                  {u.displayName && <span className="admin-sub">{u.displayName}</span>}
                </td>
                <td>
                  <select
                    aria-label={`Role of ${u.username}`}
                    value={u.role}
                    disabled={u.source === 'ldap' || u.id === selfId}
                    title={u.source === 'ldap' ? 'Set by directory groups at each sign-in' : undefined}
                    onChange={(e) =>
                      void act(() => adminApi.updateUser(u.id, { role: e.target.value as Role }), `${u.username} is now ${e.target.value}.`)
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.source === 'ldap' ? 'directory' : 'local'}</td>
                <td>
                  <span className="status-chip" data-on={!u.disabled}>
                    {u.disabled ? 'disabled' : 'enabled'}
                  </span>
                </td>
                <td className="admin-time">{u.lastLoginAt ? formatTime(u.lastLoginAt) : 'never'}</td>
                <td>
                  <div className="admin-actions">
                    {u.id !== selfId && (
                      <button
                        type="button"
                        className="btn btn-small"
                        data-testid={`user-toggle-${u.username}`}
                        onClick={() =>
                          void act(
                            () => adminApi.updateUser(u.id, { disabled: !u.disabled }),
                            `${u.username} ${u.disabled ? 'enabled' : 'disabled and signed out'}.`,
                          )
                        }
                      >
                        {u.disabled ? 'Enable' : 'Disable'}
                      </button>
                    )}
                    {u.source === 'local' && (
                      <button type="button" className="btn btn-small" onClick={() => setResetFor(u)}>
                        Reset password
                      </button>
                    )}
                    {u.id !== selfId && (
                      <button
                        type="button"
                        className="btn btn-small btn-danger"
                        data-testid={`user-delete-${u.username}`}
                        onClick={() => setConfirm(u)}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirm && (
        <ConfirmDialog
          title={`Delete ${confirm.username}?`}
          body="The account is removed with its API tokens, and every session and terminal it has open ends now. The audit log keeps its records."
          confirmLabel="Delete account"
          onCancel={() => setConfirm(undefined)}
          onConfirm={() => {
            const u = confirm;
            setConfirm(undefined);
            void act(() => adminApi.deleteUser(u.id), `Account ${u.username} deleted.`);
          }}
        />
      )}
      {resetFor && (
        <ResetPasswordRow
          user={resetFor}
          onCancel={() => setResetFor(undefined)}
          onReset={(pw) => {
            const u = resetFor;
            setResetFor(undefined);
            void act(() => adminApi.updateUser(u.id, { password: pw }), `Password of ${u.username} reset; their sessions ended.`);
          }}
        />
      )}
    </div>
  );
}

function NewUserForm({
  onCreate,
}: {
  onCreate: (u: { username: string; password: string; role: Role; displayName?: string }) => Promise<void>;
}) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const p = usernameProblem(username) ?? newPasswordProblem(password, password, username);
    setProblem(p);
    if (p) return;
    await onCreate({ username, password, role, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) });
    setUsername('');
    setDisplayName('');
    setPassword('');
  };

  return (
    <form className="admin-form admin-inline" onSubmit={(e) => void submit(e)} aria-label="New account">
      <label className="auth-field">
        Username
        <input data-testid="new-user-name" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
      </label>
      <label className="auth-field">
        Display name
        <input value={displayName} maxLength={128} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <label className="auth-field">
        Role
        <select data-testid="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className="auth-field">
        Password
        <input
          data-testid="new-user-password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <button type="submit" className="btn btn-primary" data-testid="new-user-submit">
        Create account
      </button>
      {problem && <p className="admin-error admin-span">{problem}</p>}
    </form>
  );
}

function ResetPasswordRow({ user, onReset, onCancel }: { user: UserView; onReset: (pw: string) => void; onCancel: () => void }) {
  const [pw, setPw] = useState('');
  const problem = pw ? newPasswordProblem(pw, pw, user.username) : undefined;
  return (
    <form
      className="admin-form admin-inline admin-callout"
      onSubmit={(e) => {
        e.preventDefault();
        if (pw && !problem) onReset(pw);
      }}
    >
      <label className="auth-field">
        New password for {user.username}
        <input type="password" autoComplete="new-password" autoFocus value={pw} onChange={(e) => setPw(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-primary" disabled={!pw || problem !== undefined}>
        Reset password
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      {problem && <p className="admin-error admin-span">{problem}</p>}
    </form>
  );
}
