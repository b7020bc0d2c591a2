import { layoutProblems } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import {
  addPane,
  canAdd,
  choosePane,
  closePane,
  defaultLayout,
  maximise,
  movePane,
  normalise,
  panesOf,
  placePanes,
  resizeColumns,
  resizeRows,
  resolveLayout,
  restore,
  swapPanes,
  type Layout,
} from './layout-model.ts';

const ids = ['shell', 'containers', 'relations', 'resources', 'logs', 'events', 'inspect'];
const start = defaultLayout(ids);
const grid = (l: Layout): string[][] => l.rows.map((r) => r.cells.map((c) => c.pane));
const valid = (l: Layout): void => expect(layoutProblems(l)).toEqual([]);

describe('layout model', () => {
  it('starts as the first four panes in two rows of two, each a quarter', () => {
    expect(grid(start)).toEqual([
      ['shell', 'containers'],
      ['relations', 'resources'],
    ]);
    expect(placePanes(start).map((p) => [p.pane, p.slot, p.x, p.y, p.w, p.h])).toEqual([
      ['shell', 0, 0, 0, 0.5, 0.5],
      ['containers', 1, 0.5, 0, 0.5, 0.5],
      ['relations', 2, 0, 0.5, 0.5, 0.5],
      ['resources', 3, 0.5, 0.5, 0.5, 0.5],
    ]);
    valid(start);
  });

  it('swaps two panes, and shows a chosen pane in a slot (trading places when it is already shown)', () => {
    expect(grid(swapPanes(start, 'shell', 'resources'))).toEqual([
      ['resources', 'containers'],
      ['relations', 'shell'],
    ]);
    expect(grid(choosePane(start, 0, 'logs'))).toEqual([
      ['logs', 'containers'],
      ['relations', 'resources'],
    ]);
    expect(grid(choosePane(start, 0, 'resources'))).toEqual([
      ['resources', 'containers'],
      ['relations', 'shell'],
    ]);
    expect(choosePane(start, 9, 'logs')).toBe(start);
  });

  it('moves a pane beside another, across rows, and swaps when the target row is full', () => {
    const moved = movePane(start, 'resources', 'shell', 'before');
    expect(grid(moved)).toEqual([['resources', 'shell', 'containers'], ['relations']]);
    expect(moved.rows[0]!.cells.map((c) => c.width)).toEqual([0.3333, 0.3333, 0.3334]);
    valid(moved);
    // Into a row with room: the newcomer takes a third, the others keep their proportions.
    const beside = movePane(start, 'relations', 'shell', 'after');
    expect(grid(beside)).toEqual([['shell', 'relations', 'containers'], ['resources']]);
    // A full row: the panes trade places instead.
    expect(grid(movePane(beside, 'resources', 'shell', 'before'))).toEqual([['resources', 'relations', 'containers'], ['shell']]);
    // The last pane of a row leaving it takes the row away; the other row fills the wall.
    const alone = movePane(closePane(beside, 'containers'), 'resources', 'shell', 'before');
    expect(grid(alone)).toEqual([['resources', 'shell', 'relations']]);
    expect(alone.rows[0]!.height).toBe(1);
    valid(alone);
    // Within a row: reordered, sizes kept.
    const within = movePane(start, 'containers', 'shell', 'before');
    expect(grid(within)[0]).toEqual(['containers', 'shell']);
  });

  it('resizes columns and rows by a share, never below the minimum, keeping the sum', () => {
    const wider = resizeColumns(start, 0, 0, 0.2);
    expect(wider.rows[0]!.cells.map((c) => c.width)).toEqual([0.7, 0.3]);
    expect(wider.rows[1]).toEqual(start.rows[1]);
    expect(resizeColumns(start, 0, 0, 5).rows[0]!.cells.map((c) => c.width)).toEqual([0.9, 0.1]);
    expect(resizeColumns(start, 0, 0, -5).rows[0]!.cells.map((c) => c.width)).toEqual([0.1, 0.9]);
    expect(resizeColumns(start, 0, 1, 0.1)).toBe(start);
    const taller = resizeRows(start, 0, -0.15);
    expect(taller.rows.map((r) => r.height)).toEqual([0.35, 0.65]);
    expect(resizeRows(start, 1, 0.1)).toBe(start);
    valid(wider);
    valid(taller);
  });

  it('maximises one pane and restores', () => {
    const max = maximise(start, 'relations');
    expect(max.maximised).toBe('relations');
    expect(grid(max)).toEqual(grid(start));
    expect(maximise(start, 'logs')).toBe(start);
    expect(restore(max).maximised).toBeNull();
    valid(max);
    // Closing or replacing the maximised pane does not leave a dangling mark.
    expect(closePane(max, 'relations').maximised).toBeNull();
    expect(choosePane(max, 2, 'logs').maximised).toBe('logs');
  });

  it('adds panes up to six (three a row, two rows) and closes them down to one', () => {
    let l = addPane(start, 'logs', 'shell');
    expect(grid(l)[0]).toEqual(['shell', 'logs', 'containers']);
    expect(addPane(l, 'logs')).toBe(l);
    l = addPane(l, 'events', 'shell');
    expect(grid(l)).toEqual([
      ['shell', 'logs', 'containers'],
      ['relations', 'resources', 'events'],
    ]);
    expect(canAdd(l)).toBe(false);
    expect(addPane(l, 'inspect')).toBe(l);
    valid(l);

    for (const p of ['logs', 'events', 'containers', 'resources', 'relations']) l = closePane(l, p);
    expect(grid(l)).toEqual([['shell']]);
    expect(l.rows[0]).toEqual({ height: 1, cells: [{ pane: 'shell', width: 1 }] });
    expect(closePane(l, 'shell')).toBe(l);
    // From one pane, a new one goes beside it, then a second row opens when a row is full.
    l = addPane(addPane(addPane(l, 'logs'), 'events'), 'inspect');
    expect(grid(l)).toEqual([['shell', 'logs', 'events'], ['inspect']]);
    expect(l.rows.map((r) => r.height)).toEqual([0.5, 0.5]);
    valid(l);
  });

  it('shows a saved layout with what this page has: unknown and repeated panes skipped, shares re-normalised', () => {
    const saved = {
      version: 1,
      rows: [
        {
          height: 0.7,
          cells: [
            { pane: 'from-the-future', width: 0.5 },
            { pane: 'logs', width: 0.5 },
          ],
        },
        {
          height: 0.3,
          cells: [
            { pane: 'logs', width: 0.6 },
            { pane: 'shell', width: 0.4 },
          ],
        },
      ],
      maximised: 'from-the-future',
    };
    const l = resolveLayout(saved, ids);
    expect(grid(l)).toEqual([['logs'], ['shell']]);
    expect(l.rows.map((r) => [r.height, r.cells.map((c) => c.width)])).toEqual([
      [0.7, [1]],
      [0.3, [1]],
    ]);
    expect(l.maximised).toBeNull();
    valid(l);
    for (const junk of [null, 'x', { rows: 'no' }, { rows: [] }, { rows: [{ cells: [{ pane: 'gone' }] }] }]) {
      expect(resolveLayout(junk, ids)).toEqual(start);
    }
  });

  it('normalises shares to add up to one, each at least the minimum', () => {
    expect(normalise([1, 1, 2])).toEqual([0.25, 0.25, 0.5]);
    const lifted = normalise([0.98, 0.01, 0.01]);
    expect(lifted.every((s) => s >= 0.1)).toBe(true);
    expect(lifted.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(normalise([Number.NaN, -1])).toEqual([0.5, 0.5]);
    expect(panesOf(start)).toEqual(['shell', 'containers', 'relations', 'resources']);
  });
});

describe('saved layout validation', () => {
  const one = { version: 1, rows: [{ height: 1, cells: [{ pane: 'shell', width: 1 }] }] };

  it('accepts a well-formed layout, unknown pane ids included', () => {
    expect(layoutProblems(one)).toEqual([]);
    expect(layoutProblems({ ...one, maximised: null })).toEqual([]);
    expect(layoutProblems({ version: 1, rows: [{ height: 1, cells: [{ pane: 'not-yet-written', width: 1 }] }] })).toEqual([]);
  });

  it('names the field of each problem', () => {
    const fields = (v: unknown): string[] => layoutProblems(v).map((p) => p.field);
    expect(fields('x')).toEqual(['layout']);
    expect(fields({ ...one, version: 2 })).toEqual(['layout.version']);
    expect(fields({ ...one, extra: 1 })).toEqual(['layout.extra']);
    expect(fields({ version: 1, rows: [] })).toEqual(['layout.rows']);
    expect(fields({ version: 1, rows: [one.rows[0], one.rows[0], one.rows[0]] })).toEqual(['layout.rows']);
    expect(
      fields({
        version: 1,
        rows: [
          {
            height: 1,
            cells: [
              { pane: 'a', width: 0.5 },
              { pane: 'b', width: 0.3 },
            ],
          },
        ],
      }),
    ).toEqual(['layout.rows.0.cells']);
    expect(
      fields({
        version: 1,
        rows: [
          {
            height: 1,
            cells: [
              { pane: 'a', width: 0.95 },
              { pane: 'b', width: 0.05 },
            ],
          },
        ],
      }),
    ).toEqual(['layout.rows.0.cells.1.width']);
    expect(fields({ version: 1, rows: [{ height: 1, cells: [{ pane: 'A b', width: 1 }] }] })).toEqual(['layout.rows.0.cells.0.pane']);
    expect(
      fields({
        version: 1,
        rows: [
          { height: 0.5, cells: [{ pane: 'a', width: 1 }] },
          { height: 0.5, cells: [{ pane: 'a', width: 1 }] },
        ],
      }),
    ).toEqual(['layout.rows.1.cells.0.pane']);
    expect(
      fields({
        version: 1,
        rows: [
          { height: 0.4, cells: [{ pane: 'a', width: 1 }] },
          { height: 0.4, cells: [{ pane: 'b', width: 1 }] },
        ],
      }),
    ).toEqual(['layout.rows']);
    expect(fields({ ...one, maximised: 'logs' })).toEqual(['layout.maximised']);
  });
});
