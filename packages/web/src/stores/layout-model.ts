import { LAYOUT_LIMITS, layoutProblems, type LayoutBody, type LayoutRow } from '@phedds/shared';

/**
 * The wall's arrangement, as pure functions over a `LayoutBody`: one or two rows, one to three
 * panes each, sizes as shares of the room. Every function returns a new layout (or the same one
 * when nothing changes) that is again valid: shares add up to 1 and none is below the minimum.
 */
export type Layout = LayoutBody;

export const MIN_SHARE = LAYOUT_LIMITS.minFraction;

/** Where a pane sits, in fractions of the wall, and its place in reading order. */
export interface PlacedPane {
  pane: string;
  slot: number;
  row: number;
  col: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

const round = (v: number): number => Math.round(v * 10_000) / 10_000;

/** Scales shares so they add up to 1, each at least MIN_SHARE. */
export function normalise(shares: readonly number[]): number[] {
  if (shares.length === 0) return [];
  const safe = shares.map((s) => (Number.isFinite(s) && s > 0 ? s : 1 / shares.length));
  const sum = safe.reduce((a, b) => a + b, 0);
  let out = safe.map((s) => s / sum);
  // Lift the too-small shares to the minimum, taking the room from the others in proportion.
  for (let pass = 0; pass < 3; pass++) {
    const small = out.filter((s) => s < MIN_SHARE).length;
    if (small === 0) break;
    const spare = out.reduce((a, s) => a + (s >= MIN_SHARE ? s : 0), 0);
    const room = 1 - small * MIN_SHARE;
    out = out.map((s) => (s < MIN_SHARE ? MIN_SHARE : (s / spare) * room));
  }
  const rounded = out.map(round);
  const drift = round(1 - rounded.reduce((a, b) => a + b, 0));
  rounded[rounded.length - 1] = round(rounded[rounded.length - 1]! + drift);
  return rounded;
}

function withRows(layout: Layout, rows: LayoutRow[]): Layout {
  const heights = normalise(rows.map((r) => r.height));
  const next = rows.map((r, i) => {
    const widths = normalise(r.cells.map((c) => c.width));
    return { height: heights[i]!, cells: r.cells.map((c, j) => ({ pane: c.pane, width: widths[j]! })) };
  });
  const shown = new Set(next.flatMap((r) => r.cells.map((c) => c.pane)));
  const max = layout.maximised;
  return { version: 1, rows: next, maximised: max !== undefined && max !== null && shown.has(max) ? max : null };
}

/** The first four registered panes in two rows of two: the wall as it first appears. */
export function defaultLayout(paneIds: readonly string[]): Layout {
  const ids = paneIds.slice(0, 4);
  const rows = [ids.slice(0, 2), ids.slice(2, 4)].filter((r) => r.length > 0);
  return withRows(
    { version: 1, rows: [] },
    rows.map((r) => ({ height: 1, cells: r.map((pane) => ({ pane, width: 1 })) })),
  );
}

/**
 * A saved layout made showable with the panes this page has: unknown and repeated panes are
 * skipped, empty rows dropped, counts bounded, shares re-normalised. Anything unusable gives the
 * default layout.
 */
export function resolveLayout(saved: unknown, paneIds: readonly string[]): Layout {
  const body = saved as Partial<LayoutBody> | null | undefined;
  if (!body || typeof body !== 'object' || !Array.isArray(body.rows)) return defaultLayout(paneIds);
  const seen = new Set<string>();
  const rows: LayoutRow[] = [];
  for (const row of body.rows.slice(0, LAYOUT_LIMITS.rows)) {
    if (!row || typeof row !== 'object' || !Array.isArray(row.cells)) continue;
    const cells = row.cells
      .filter((c) => c && typeof c.pane === 'string' && paneIds.includes(c.pane) && !seen.has(c.pane) && (seen.add(c.pane), true))
      .slice(0, LAYOUT_LIMITS.cellsPerRow)
      .map((c) => ({ pane: c.pane, width: typeof c.width === 'number' ? c.width : 1 }));
    if (cells.length > 0) rows.push({ height: typeof row.height === 'number' ? row.height : 1, cells });
  }
  if (rows.length === 0) return defaultLayout(paneIds);
  return withRows({ version: 1, rows, maximised: typeof body.maximised === 'string' ? body.maximised : null }, rows);
}

/** Whether a layout can be saved as is (the server runs the same checks). */
export function isValidLayout(v: unknown): v is Layout {
  return layoutProblems(v).length === 0;
}

export function panesOf(layout: Layout): string[] {
  return layout.rows.flatMap((r) => r.cells.map((c) => c.pane));
}

/** Each pane's rectangle, in reading order (its `slot`). */
export function placePanes(layout: Layout): PlacedPane[] {
  const out: PlacedPane[] = [];
  let y = 0;
  layout.rows.forEach((row, r) => {
    let x = 0;
    row.cells.forEach((cell, c) => {
      out.push({ pane: cell.pane, slot: out.length, row: r, col: c, x, y, w: cell.width, h: row.height });
      x += cell.width;
    });
    y += row.height;
  });
  return out;
}

function locate(layout: Layout, pane: string): { row: number; col: number } | undefined {
  for (let row = 0; row < layout.rows.length; row++) {
    const col = layout.rows[row]!.cells.findIndex((c) => c.pane === pane);
    if (col !== -1) return { row, col };
  }
  return undefined;
}

function replacePane(layout: Layout, map: (pane: string) => string): Layout {
  return withRows(
    layout,
    layout.rows.map((r) => ({ height: r.height, cells: r.cells.map((c) => ({ pane: map(c.pane), width: c.width })) })),
  );
}

/** Exchanges two panes' places (each takes the other's size). */
export function swapPanes(layout: Layout, a: string, b: string): Layout {
  if (a === b || !locate(layout, a) || !locate(layout, b)) return layout;
  return replacePane(layout, (p) => (p === a ? b : p === b ? a : p));
}

/**
 * Shows `pane` in reading-order `slot`: a pane shown elsewhere trades places with the one there;
 * one not shown replaces it.
 */
export function choosePane(layout: Layout, slot: number, pane: string): Layout {
  const here = placePanes(layout)[slot]?.pane;
  if (here === undefined || here === pane) return layout;
  if (locate(layout, pane)) return swapPanes(layout, here, pane);
  const next = replacePane(layout, (p) => (p === here ? pane : p));
  return layout.maximised === here ? { ...next, maximised: pane } : next;
}

function removeCell(rows: LayoutRow[], pane: string): LayoutRow[] {
  return rows.map((r) => ({ height: r.height, cells: r.cells.filter((c) => c.pane !== pane) })).filter((r) => r.cells.length > 0);
}

/**
 * Moves `pane` beside `target` (before or after it in the target's row). When that row is full the
 * two panes trade places instead, so a drop always does something visible.
 */
export function movePane(layout: Layout, pane: string, target: string, side: 'before' | 'after'): Layout {
  const from = locate(layout, pane);
  const to = locate(layout, target);
  if (!from || !to || pane === target) return layout;
  const targetRow = layout.rows[to.row]!;
  if (from.row !== to.row && targetRow.cells.length >= LAYOUT_LIMITS.cellsPerRow) return swapPanes(layout, pane, target);
  const moving = layout.rows[from.row]!.cells[from.col]!;
  const width = from.row === to.row ? moving.width : 1 / (targetRow.cells.length + 1);
  const rows = layout.rows.map((r) => ({ height: r.height, cells: [...r.cells] }));
  rows[from.row]!.cells.splice(from.col, 1);
  const dest = rows[to.row]!;
  const at = dest.cells.findIndex((c) => c.pane === target) + (side === 'after' ? 1 : 0);
  dest.cells.splice(at, 0, { pane: moving.pane, width: from.row === to.row ? width : width / (1 - width) });
  return withRows(
    layout,
    rows.filter((r) => r.cells.length > 0),
  );
}

/**
 * Moves the border after column `index` of `row` by `delta` (a share of the row): the panes on
 * either side grow and shrink, none below the minimum.
 */
export function resizeColumns(layout: Layout, row: number, index: number, delta: number): Layout {
  const r = layout.rows[row];
  const left = r?.cells[index];
  const right = r?.cells[index + 1];
  if (!r || !left || !right) return layout;
  const pair = left.width + right.width;
  const nextLeft = Math.min(pair - MIN_SHARE, Math.max(MIN_SHARE, left.width + delta));
  const cells = r.cells.map((c, i) =>
    i === index ? { pane: c.pane, width: round(nextLeft) } : i === index + 1 ? { pane: c.pane, width: round(pair - nextLeft) } : c,
  );
  return withRows(
    layout,
    layout.rows.map((x, i) => (i === row ? { height: x.height, cells } : x)),
  );
}

/** Moves the border below row `index` by `delta` (a share of the wall). */
export function resizeRows(layout: Layout, index: number, delta: number): Layout {
  const top = layout.rows[index];
  const bottom = layout.rows[index + 1];
  if (!top || !bottom) return layout;
  const pair = top.height + bottom.height;
  const nextTop = Math.min(pair - MIN_SHARE, Math.max(MIN_SHARE, top.height + delta));
  return withRows(
    layout,
    layout.rows.map((r, i) =>
      i === index ? { ...r, height: round(nextTop) } : i === index + 1 ? { ...r, height: round(pair - nextTop) } : r,
    ),
  );
}

export function maximise(layout: Layout, pane: string): Layout {
  return locate(layout, pane) && layout.maximised !== pane ? { ...layout, maximised: pane } : layout;
}

export function restore(layout: Layout): Layout {
  return layout.maximised ? { ...layout, maximised: null } : layout;
}

export function canAdd(layout: Layout): boolean {
  const count = panesOf(layout).length;
  const roomInRow = layout.rows.some((r) => r.cells.length < LAYOUT_LIMITS.cellsPerRow);
  return count < LAYOUT_LIMITS.panes && (roomInRow || layout.rows.length < LAYOUT_LIMITS.rows);
}

/**
 * Adds `pane`: after `near` when its row has room, else in the row with the fewest panes, else in
 * a new row below. A full wall, or a pane already shown, leaves the layout as it is.
 */
export function addPane(layout: Layout, pane: string, near?: string): Layout {
  if (locate(layout, pane) || !canAdd(layout)) return layout;
  const rows = layout.rows.map((r) => ({ height: r.height, cells: [...r.cells] }));
  const nearAt = near !== undefined ? locate(layout, near) : undefined;
  let rowIndex: number;
  let at: number;
  if (nearAt && rows[nearAt.row]!.cells.length < LAYOUT_LIMITS.cellsPerRow) {
    rowIndex = nearAt.row;
    at = nearAt.col + 1;
  } else {
    const roomy = rows
      .map((r, i) => ({ i, n: r.cells.length }))
      .filter((r) => r.n < LAYOUT_LIMITS.cellsPerRow)
      .sort((a, b) => a.n - b.n)[0];
    if (roomy) {
      rowIndex = roomy.i;
      at = rows[roomy.i]!.cells.length;
    } else {
      rows.push({ height: 1 / rows.length, cells: [] });
      rowIndex = rows.length - 1;
      at = 0;
    }
  }
  const row = rows[rowIndex]!;
  const n = row.cells.length + 1;
  // The newcomer gets an equal share; the others keep their proportions in the rest.
  row.cells = row.cells.map((c) => ({ pane: c.pane, width: (c.width * (n - 1)) / n }));
  row.cells.splice(at, 0, { pane, width: 1 / n });
  return withRows({ ...layout, maximised: null }, rows);
}

/** Takes `pane` off the wall; its neighbours share its room. The last pane stays. */
export function closePane(layout: Layout, pane: string): Layout {
  if (!locate(layout, pane) || panesOf(layout).length <= 1) return layout;
  const rows = removeCell(layout.rows, pane);
  return withRows({ ...layout, maximised: layout.maximised === pane ? null : (layout.maximised ?? null) }, rows);
}
