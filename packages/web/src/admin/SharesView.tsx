import { SHARE_MAX_PANES, type ShareCreated, type ShareView } from '@phedds/shared';
import { useCallback, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/http.ts';
import { adminApi } from '../auth/api.ts';
import { PANES } from '../panes/index.ts';
import { useNow } from '../stores/clock.ts';
import { formatTime } from './audit-format.ts';
import { OnceSecret } from './OnceSecret.tsx';
import { useLoad } from './use-load.ts';
import './admin.css';

const DEFAULT_PANES = ['shell', 'containers', 'relations', 'resources'];

function status(s: ShareView, now: number): string {
  if (s.revokedAt !== null) return 'revoked';
  return s.expiresAt <= now ? 'expired' : 'active';
}

/** Audience share links: a read-only live view of chosen panes, expiring, revocable. */
export function SharesView() {
  const fetchShares = useCallback(() => adminApi.shares(), []);
  const { data: shares, error: loadError, reload } = useLoad(fetchShares);
  const [created, setCreated] = useState<ShareCreated | undefined>();
  const [actionError, setError] = useState<string | undefined>();
  const [label, setLabel] = useState('');
  const [panes, setPanes] = useState<string[]>(DEFAULT_PANES);
  const [hours, setHours] = useState(4);
  const error = actionError ?? loadError;
  const now = useNow();
  const link = created ? `${window.location.origin}${created.link}` : '';

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(undefined);
    try {
      setCreated(await adminApi.createShare({ label: label.trim(), panes, hours }));
      setLabel('');
      reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const revoke = async (id: number): Promise<void> => {
    setError(undefined);
    try {
      await adminApi.revokeShare(id);
      reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const toggle = (id: string): void =>
    setPanes((p) => (p.includes(id) ? p.filter((x) => x !== id) : p.length < SHARE_MAX_PANES ? [...p, id] : p));

  return (
    <div className="admin-view" data-testid="shares-view">
      <p className="admin-help">
        A share link shows the panes you pick, live, to anyone who opens it — read-only: no button works and terminals are mirrored without
        input. Your own terminals are the ones shown. Revoke a link and its viewers are cut off at once.
      </p>
      {created && (
        <OnceSecret secret={link} testId="share-created" valueTestId="share-link" onDone={() => setCreated(undefined)}>
          Share link <strong>{created.share.label}</strong> created. Copy it now: it is shown only once.
        </OnceSecret>
      )}
      {error && (
        <p className="admin-error" role="alert">
          {error}
        </p>
      )}
      <form className="admin-form" onSubmit={(e) => void submit(e)} aria-label="New share link">
        <label className="auth-field">
          <span>Title shown to the audience</span>
          <input data-testid="share-label" value={label} maxLength={80} onChange={(e) => setLabel(e.target.value)} required />
        </label>
        <fieldset className="admin-panes">
          <legend>Panes (up to {SHARE_MAX_PANES}, in this order)</legend>
          {PANES.map((p) => (
            <label key={p.id} className="admin-check">
              <input type="checkbox" data-testid={`share-pane-${p.id}`} checked={panes.includes(p.id)} onChange={() => toggle(p.id)} />{' '}
              {p.title}
            </label>
          ))}
        </fieldset>
        <label className="auth-field">
          <span>Works for (hours)</span>
          <input
            type="number"
            data-testid="share-hours"
            min={0.1}
            max={168}
            step={0.1}
            value={hours}
            onChange={(e) => setHours(Number(e.target.value))}
          />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="share-submit" disabled={!label.trim() || panes.length === 0}>
          Create link
        </button>
      </form>
      {shares === undefined ? (
        <p className="admin-empty">Loading share links…</p>
      ) : shares.length === 0 ? (
        <p className="admin-empty">No share links yet.</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>Title</th>
              <th>Panes</th>
              <th>By</th>
              <th>Expires</th>
              <th>Last opened</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shares.map((s) => (
              <tr key={s.id} data-testid={`share-row-${s.id}`} data-status={status(s, now)}>
                <td className="admin-strong">{s.label}</td>
                <td>{s.panes.join(', ')}</td>
                <td>{s.createdBy}</td>
                <td className="admin-time">{formatTime(s.expiresAt)}</td>
                <td className="admin-time">{s.lastUsedAt ? formatTime(s.lastUsedAt) : 'never'}</td>
                <td>
                  {status(s, now) === 'active' ? (
                    <button type="button" className="btn btn-small btn-danger" data-testid="share-revoke" onClick={() => void revoke(s.id)}>
                      Revoke
                    </button>
                  ) : (
                    <span className="status-chip" data-on="false">
                      {status(s, now)}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
