import type { AuditEntry, AuditPage, AuditQuery, AuditResult } from '@phedds/shared';
import type Database from 'better-sqlite3';

export interface AuditRecord {
  actor?: { id: number; username: string } | null;
  via?: 'session' | 'token' | 'setup' | 'system' | null;
  address?: string | null;
  action: string;
  target?: string | null;
  result: AuditResult;
  details?: Record<string, unknown>;
}

/** Keys whose values are never written to the log, at any depth. */
const SECRET_KEY = /pass(word)?|secret|token|credential|authori[sz]ation|cookie|private.?key|^key$/i;
const MAX_STRING = 500;

/** A copy of `v` without secrets, with long strings cut: the audit log must never hold a secret. */
export function redact(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return v.length > MAX_STRING ? `${v.slice(0, MAX_STRING)}…` : v;
  if (v === null || typeof v !== 'object') return v;
  if (depth > 4) return '…';
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => redact(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(x, depth + 1);
  return out;
}

interface Row {
  id: number;
  at: number;
  actor: string | null;
  actor_id: number | null;
  via: string | null;
  address: string | null;
  action: string;
  target: string | null;
  result: AuditResult;
  details: string | null;
}

const toEntry = (r: Row): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  actorId: r.actor_id,
  via: r.via,
  address: r.address,
  action: r.action,
  target: r.target,
  result: r.result,
  details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
});

export type AuditListener = (e: AuditEntry) => void;

/**
 * The audit log: append-only (the table refuses UPDATE and DELETE by trigger, and this class has
 * no method for either). Records who, from where, what, on what and the result.
 */
export class AuditLog {
  private readonly insert: Database.Statement;
  private readonly listeners = new Set<AuditListener>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare(
      'INSERT INTO audit (at, actor, actor_id, via, address, action, target, result, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  record(e: AuditRecord): AuditEntry {
    const details = e.details && Object.keys(e.details).length > 0 ? (redact(e.details) as Record<string, unknown>) : null;
    const row: Omit<Row, 'id'> = {
      at: this.now(),
      actor: e.actor?.username ?? null,
      actor_id: e.actor?.id ?? null,
      via: e.via ?? null,
      address: e.address ?? null,
      action: e.action,
      target: e.target === undefined || e.target === null ? null : String(redact(e.target)),
      result: e.result,
      details: details ? JSON.stringify(details) : null,
    };
    const info = this.insert.run(row.at, row.actor, row.actor_id, row.via, row.address, row.action, row.target, row.result, row.details);
    const entry = toEntry({ id: Number(info.lastInsertRowid), ...row });
    for (const l of this.listeners) l(entry);
    return entry;
  }

  /** Called for every new entry (e.g. to stream the log to an admin's open Audit view). */
  onRecord(listener: AuditListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Newest first, filtered; page backwards with `before`. */
  query(q: AuditQuery = {}): AuditPage {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, ...values: unknown[]): void => {
      where.push(clause);
      args.push(...values);
    };
    if (q.actor) add('actor = ? COLLATE NOCASE', q.actor);
    if (q.action?.endsWith('.')) add("action LIKE ? ESCAPE '\\'", `${escapeLike(q.action)}%`);
    else if (q.action) add('action = ?', q.action);
    if (q.result) add('result = ?', q.result);
    if (q.address) add('address = ?', q.address);
    if (q.q) {
      const like = `%${escapeLike(q.q)}%`;
      add("(target LIKE ? ESCAPE '\\' OR details LIKE ? ESCAPE '\\')", like, like);
    }
    if (q.since !== undefined) add('at >= ?', q.since);
    if (q.until !== undefined) add('at < ?', q.until);
    if (q.before !== undefined) add('id < ?', q.before);
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, limit + 1) as Row[];
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map(toEntry);
    return { entries, nextBefore: more ? entries.at(-1)!.id : null };
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
