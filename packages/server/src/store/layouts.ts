import { LAYOUT_LIMITS, type LayoutBody, type LayoutsView, type SavedLayout } from '@phedds/shared';
import type Database from 'better-sqlite3';

interface LayoutRow {
  name: string;
  body: string;
  updated_at: number;
}

interface PrefsRow {
  active: string | null;
  presenter: number;
}

/** Why a save or a delete was refused. */
export type LayoutRefusal = 'not_found' | 'too_many' | 'exists';

export interface SaveOptions {
  active?: boolean;
  presenter?: boolean;
  renameFrom?: string;
}

/** Each user's named layouts. Every call names the user: nobody reaches another user's layouts. */
export class LayoutStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {}

  list(userId: number): LayoutsView {
    const rows = this.db
      .prepare('SELECT name, body, updated_at FROM layouts WHERE user_id = ? ORDER BY created_at, name')
      .all(userId) as LayoutRow[];
    const prefs = this.db.prepare('SELECT active, presenter FROM layout_prefs WHERE user_id = ?').get(userId) as PrefsRow | undefined;
    const layouts: SavedLayout[] = rows.map((r) => ({ name: r.name, layout: JSON.parse(r.body) as LayoutBody, updatedAt: r.updated_at }));
    const active = prefs?.active ?? null;
    return {
      layouts,
      active: active !== null && layouts.some((l) => l.name === active) ? active : null,
      presenter: prefs?.presenter === 1,
    };
  }

  /** Creates or replaces `name` (renaming `renameFrom` to it when asked), in one transaction. */
  save(userId: number, name: string, body: LayoutBody, opts: SaveOptions = {}): LayoutRefusal | undefined {
    return this.db.transaction((): LayoutRefusal | undefined => {
      const t = this.now();
      const exists = (n: string): boolean =>
        this.db.prepare('SELECT 1 FROM layouts WHERE user_id = ? AND name = ?').get(userId, n) !== undefined;
      const json = JSON.stringify(body);
      if (opts.renameFrom !== undefined && opts.renameFrom !== name) {
        if (!exists(opts.renameFrom)) return 'not_found';
        if (exists(name)) return 'exists';
        this.db
          .prepare('UPDATE layouts SET name = ?, body = ?, updated_at = ? WHERE user_id = ? AND name = ?')
          .run(name, json, t, userId, opts.renameFrom);
        this.db.prepare('UPDATE layout_prefs SET active = ? WHERE user_id = ? AND active = ?').run(name, userId, opts.renameFrom);
      } else if (exists(name)) {
        this.db.prepare('UPDATE layouts SET body = ?, updated_at = ? WHERE user_id = ? AND name = ?').run(json, t, userId, name);
      } else {
        const count = (this.db.prepare('SELECT COUNT(*) AS n FROM layouts WHERE user_id = ?').get(userId) as { n: number }).n;
        if (count >= LAYOUT_LIMITS.layouts) return 'too_many';
        this.db
          .prepare('INSERT INTO layouts (user_id, name, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(userId, name, json, t, t);
      }
      if (opts.active || opts.presenter !== undefined) {
        this.db
          .prepare(
            `INSERT INTO layout_prefs (user_id, active, presenter, updated_at) VALUES (@user, @active, @presenter, @t)
             ON CONFLICT (user_id) DO UPDATE SET
               active = CASE WHEN @setActive THEN @active ELSE active END,
               presenter = CASE WHEN @setPresenter THEN @presenter ELSE presenter END,
               updated_at = @t`,
          )
          .run({
            user: userId,
            active: opts.active ? name : null,
            presenter: opts.presenter ? 1 : 0,
            setActive: opts.active ? 1 : 0,
            setPresenter: opts.presenter !== undefined ? 1 : 0,
            t,
          });
      }
      return undefined;
    })();
  }

  /** Deletes one layout; false when the user has none by that name. */
  remove(userId: number, name: string): boolean {
    return this.db.transaction(() => {
      const gone = this.db.prepare('DELETE FROM layouts WHERE user_id = ? AND name = ?').run(userId, name).changes > 0;
      if (gone) this.db.prepare('UPDATE layout_prefs SET active = NULL WHERE user_id = ? AND active = ?').run(userId, name);
      return gone;
    })();
  }
}
