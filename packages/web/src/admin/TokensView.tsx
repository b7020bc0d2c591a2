import { ROLES, roleAtLeast, type MeView, type Role, type TokenCreated, type TokenView } from '@phedds/shared';
import { useCallback, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/http.ts';
import { adminApi } from '../auth/api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { formatTime } from './audit-format.ts';
import { OnceSecret } from './OnceSecret.tsx';
import { useLoad } from './use-load.ts';
import './admin.css';

/** API tokens for scripts: one's own (admins may see everyone's), created once, revocable. */
export function TokensView({ me }: { me: MeView }) {
  const [all, setAll] = useState(false);
  const fetchTokens = useCallback(() => adminApi.tokens(all), [all]);
  const { data: tokens, error: loadError, reload } = useLoad(fetchTokens);
  const [created, setCreated] = useState<TokenCreated | undefined>();
  const [revoke, setRevoke] = useState<TokenView | undefined>();
  const [actionError, setError] = useState<string | undefined>();
  const error = actionError ?? loadError;
  const isAdmin = me.role === 'admin';

  const create = async (name: string, role: Role, expiresInDays: number | undefined): Promise<void> => {
    setError(undefined);
    try {
      setCreated(await adminApi.createToken({ name, role, ...(expiresInDays ? { expiresInDays } : {}) }));
      reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div className="admin-view" data-testid="tokens-view">
      <p className="admin-help">
        A token lets a script call the API as you, with a role no stronger than yours: send it as <code>Authorization: Bearer …</code>. It
        cannot create tokens or change passwords.
      </p>
      <NewTokenForm maxRole={me.role} onCreate={create} />
      {created && (
        <OnceSecret secret={created.token} testId="token-created" valueTestId="token-value" onDone={() => setCreated(undefined)}>
          Token <strong>{created.info.name}</strong> created. Copy it now: it is shown only once.
        </OnceSecret>
      )}
      {error && (
        <p className="admin-error" role="alert">
          {error}
        </p>
      )}
      {isAdmin && (
        <label className="admin-check">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Everyone&apos;s tokens
        </label>
      )}
      {!tokens ? (
        <p className="admin-empty">Loading tokens…</p>
      ) : tokens.length === 0 ? (
        <p className="admin-empty">No tokens yet.</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>Name</th>
              {all && <th>Owner</th>}
              <th>Role</th>
              <th>Starts with</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-testid={`token-row-${t.id}`} data-disabled={t.revokedAt !== null}>
                <td className="admin-strong">{t.name}</td>
                {all && <td>{t.username}</td>}
                <td>{t.role}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td className="admin-time">{formatTime(t.createdAt)}</td>
                <td className="admin-time">{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never'}</td>
                <td className="admin-time">{t.expiresAt ? formatTime(t.expiresAt) : 'never'}</td>
                <td>
                  <div className="admin-actions">
                    {t.revokedAt !== null ? (
                      <span className="status-chip" data-on="false">
                        revoked
                      </span>
                    ) : (
                      <button type="button" className="btn btn-small btn-danger" onClick={() => setRevoke(t)}>
                        Revoke
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke && (
        <ConfirmDialog
          title={`Revoke ${revoke.name}?`}
          body="Scripts using this token stop working at once, and its open sockets close."
          confirmLabel="Revoke token"
          onCancel={() => setRevoke(undefined)}
          onConfirm={() => {
            const t = revoke;
            setRevoke(undefined);
            void adminApi
              .revokeToken(t.id)
              .then(reload)
              .catch((err: unknown) => setError(errorMessage(err)));
          }}
        />
      )}
    </div>
  );
}

function NewTokenForm({
  maxRole,
  onCreate,
}: {
  maxRole: Role;
  onCreate: (name: string, role: Role, days: number | undefined) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [days, setDays] = useState('90');
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!name.trim()) return;
    await onCreate(name.trim(), role, days ? Number(days) : undefined);
    setName('');
  };
  return (
    <form className="admin-form admin-inline" onSubmit={(e) => void submit(e)} aria-label="New API token">
      <label className="auth-field">
        Name
        <input
          data-testid="new-token-name"
          placeholder="e.g. ci-deploy"
          maxLength={64}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label className="auth-field">
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.filter((r) => roleAtLeast(maxRole, r)).map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className="auth-field">
        Expires after
        <select value={days} onChange={(e) => setDays(e.target.value)}>
          <option value="7">7 days</option>
          <option value="30">30 days</option>
          <option value="90">90 days</option>
          <option value="365">a year</option>
          <option value="">never</option>
        </select>
      </label>
      <button type="submit" className="btn btn-primary" data-testid="new-token-submit" disabled={!name.trim()}>
        Create token
      </button>
    </form>
  );
}
