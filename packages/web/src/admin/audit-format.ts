import type { AuditEntry } from '@phedds/shared';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local time, `YYYY-MM-DD HH:MM:SS`: sortable and unambiguous in a log. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The value of a `datetime-local` input as epoch ms (local time), or undefined when empty or invalid. */
export function parseLocalDateTime(value: string): number | undefined {
  if (!value) return undefined;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? t : undefined;
}

function valueText(key: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  // Times travel as epoch ms; a key ending in "At" holds one.
  if (typeof v === 'number' && key.endsWith('At') && v > 1e12) return formatTime(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Details as one line of `key: value` pairs (rendered as text, never as markup). */
export function detailsText(details: AuditEntry['details']): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${valueText(k, v)}`)
    .join(' · ');
}

/** Action families for the filter; a value ending in `.` matches every action of that family. */
export const ACTION_FILTERS: { label: string; value: string }[] = [
  { label: 'All actions', value: '' },
  { label: 'Sign-ins and setup', value: 'auth.' },
  { label: 'Refusals', value: 'access.' },
  { label: 'Accounts', value: 'user.' },
  { label: 'API tokens', value: 'token.' },
  { label: 'Settings', value: 'settings.' },
  { label: 'Containers', value: 'container.' },
  { label: 'Terminals', value: 'terminal.' },
  { label: 'Stacks', value: 'stack.' },
];
