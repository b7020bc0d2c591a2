import { AUDIT_RESULTS, type AuditEntry, type AuditQuery, type AuditResult } from '@phedds/shared';
import { useCallback, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/http.ts';
import { adminApi } from '../auth/api.ts';
import { ACTION_FILTERS, detailsText, formatTime, parseLocalDateTime } from './audit-format.ts';
import { useLoad } from './use-load.ts';
import './admin.css';

const PAGE = 100;

interface Filters {
  actor: string;
  action: string;
  result: '' | AuditResult;
  q: string;
  since: string;
  until: string;
}

const EMPTY: Filters = { actor: '', action: '', result: '', q: '', since: '', until: '' };

function toQuery(f: Filters): AuditQuery {
  const since = parseLocalDateTime(f.since);
  const until = parseLocalDateTime(f.until);
  return {
    ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.result ? { result: f.result } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    limit: PAGE,
  };
}

/** The audit log for admins: who did what, from where, with what result; newest first. Read-only. */
export function AuditView() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [older, setOlder] = useState<{ entries: AuditEntry[]; next: number | null } | undefined>();
  const [moreError, setMoreError] = useState<string | undefined>();
  const fetchFirst = useCallback(() => adminApi.audit(toQuery(applied)), [applied]);
  const { data: first, error: firstError } = useLoad(fetchFirst);
  // A new first page (new filters) starts the list afresh.
  const [shownFor, setShownFor] = useState(first);
  if (shownFor !== first) {
    setShownFor(first);
    setOlder(undefined);
  }
  const entries = first ? [...first.entries, ...(older?.entries ?? [])] : undefined;
  const next = older ? older.next : (first?.nextBefore ?? null);
  const error = moreError ?? firstError;

  const loadOlder = async (before: number): Promise<void> => {
    setMoreError(undefined);
    try {
      const page = await adminApi.audit({ ...toQuery(applied), before });
      setOlder((o) => ({ entries: [...(o?.entries ?? []), ...page.entries], next: page.nextBefore }));
    } catch (err) {
      setMoreError(errorMessage(err));
    }
  };

  const apply = (e: FormEvent): void => {
    e.preventDefault();
    setApplied({ ...filters });
  };
  const set = <K extends keyof Filters>(k: K, v: Filters[K]): void => setFilters({ ...filters, [k]: v });

  return (
    <div className="admin-view" data-testid="audit-view">
      <form className="admin-form admin-inline audit-filters" onSubmit={apply} aria-label="Audit filters">
        <label className="auth-field">
          Who
          <input data-testid="audit-actor" placeholder="username" value={filters.actor} onChange={(e) => set('actor', e.target.value)} />
        </label>
        <label className="auth-field">
          What
          <select data-testid="audit-action" value={filters.action} onChange={(e) => set('action', e.target.value)}>
            {ACTION_FILTERS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label className="auth-field">
          Result
          <select data-testid="audit-result" value={filters.result} onChange={(e) => set('result', e.target.value as Filters['result'])}>
            <option value="">any</option>
            {AUDIT_RESULTS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="auth-field">
          Text
          <input data-testid="audit-q" placeholder="target or details" value={filters.q} onChange={(e) => set('q', e.target.value)} />
        </label>
        <label className="auth-field">
          From
          <input type="datetime-local" value={filters.since} onChange={(e) => set('since', e.target.value)} />
        </label>
        <label className="auth-field">
          Until
          <input type="datetime-local" value={filters.until} onChange={(e) => set('until', e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="audit-apply">
          Show
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setFilters(EMPTY);
            setApplied(EMPTY);
          }}
        >
          Clear
        </button>
      </form>
      {error && (
        <p className="admin-error" role="alert">
          {error}
        </p>
      )}
      {!entries ? (
        <p className="admin-empty">Loading the audit log…</p>
      ) : entries.length === 0 ? (
        <p className="admin-empty">Nothing recorded matches these filters.</p>
      ) : (
        <table className="admin-table audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>From</th>
              <th>What</th>
              <th>On</th>
              <th>Result</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td className="admin-time">{formatTime(e.at)}</td>
                <td>
                  {e.actor ?? <span className="admin-sub">nobody signed in</span>}
                  {e.via && e.via !== 'session' && <span className="admin-sub">via {e.via}</span>}
                </td>
                <td className="mono">{e.address ?? ''}</td>
                <td className="mono">{e.action}</td>
                <td className="audit-target">{e.target ?? ''}</td>
                <td>
                  <span className="result-chip" data-result={e.result}>
                    {e.result}
                  </span>
                </td>
                <td className="audit-details">{detailsText(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next !== null && (
        <button type="button" className="btn admin-more" data-testid="audit-more" onClick={() => void loadOlder(next)}>
          Older entries
        </button>
      )}
    </div>
  );
}
