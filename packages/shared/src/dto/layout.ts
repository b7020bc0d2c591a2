/**
 * A saved arrangement of the wall: one or two rows of panes, each row holding one to three panes
 * side by side. Sizes are fractions of the room (a row's `height` of the wall, a cell's `width` of
 * its row), so a layout fits any screen.
 */
export interface LayoutCell {
  /** A registered pane's id; ids the page does not know are skipped when the layout is shown. */
  pane: string;
  width: number;
}

export interface LayoutRow {
  height: number;
  cells: LayoutCell[];
}

export interface LayoutBody {
  version: 1;
  rows: LayoutRow[];
  /** The pane filling the whole wall, or null. */
  maximised?: string | null;
}

/** One of a user's named layouts, as `GET /api/layouts` lists it. */
export interface SavedLayout {
  name: string;
  layout: LayoutBody;
  updatedAt: number;
}

/** `GET /api/layouts`: the caller's layouts, oldest first, which one is in use, and presenter mode. */
export interface LayoutsView {
  layouts: SavedLayout[];
  /** The layout in use, or null when none was chosen (the page shows the first, or its default). */
  active: string | null;
  presenter: boolean;
}

/** `PUT /api/layouts/:name`. */
export interface LayoutSaveRequest {
  layout: LayoutBody;
  /** Makes this the layout in use. */
  active?: boolean;
  /** Saves presenter mode (a per-user setting carried with the layout). */
  presenter?: boolean;
  /** Renames that layout to `:name`, keeping its place in the list. */
  renameFrom?: string;
}

export const LAYOUT_LIMITS = {
  rows: 2,
  cellsPerRow: 3,
  panes: 6,
  /** Layouts one user may keep. */
  layouts: 20,
  nameLength: 40,
  paneIdLength: 40,
  /** The smallest share a row or a pane may have. */
  minFraction: 0.1,
} as const;

/** Printable, no slash (names travel in the URL), not only spaces. */
export const LAYOUT_NAME_PATTERN = '^(?=.*\\S)[^\\u0000-\\u001f\\u007f/\\\\]+$';
export const PANE_ID_PATTERN = '^[a-z0-9][a-z0-9-]*$';

export interface LayoutProblem {
  field: string;
  problem: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fractionOk = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= LAYOUT_LIMITS.minFraction - 1e-9 && v <= 1;
/** Shares are dragged by hand and rounded: they must add up to the whole, give or take a little. */
const SUM_TOLERANCE = 0.02;

/**
 * What is wrong with a layout body, by field; empty when it can be saved and shown. Checks the
 * shape (as the server's schema does) and what a schema cannot: shares adding up to the whole and
 * each pane placed once.
 */
export function layoutProblems(v: unknown): LayoutProblem[] {
  const out: LayoutProblem[] = [];
  if (!isObject(v)) return [{ field: 'layout', problem: 'must be an object' }];
  for (const k of Object.keys(v))
    if (!['version', 'rows', 'maximised'].includes(k)) out.push({ field: `layout.${k}`, problem: 'is not a layout field' });
  if (v.version !== 1) out.push({ field: 'layout.version', problem: 'must be 1' });
  const rows = v.rows;
  if (!Array.isArray(rows) || rows.length < 1 || rows.length > LAYOUT_LIMITS.rows) {
    out.push({ field: 'layout.rows', problem: `must be a list of 1 to ${LAYOUT_LIMITS.rows} rows` });
    return out;
  }
  const seen = new Set<string>();
  let heights = 0;
  rows.forEach((row: unknown, r) => {
    const at = `layout.rows.${r}`;
    if (!isObject(row)) return void out.push({ field: at, problem: 'must be an object' });
    for (const k of Object.keys(row)) if (k !== 'height' && k !== 'cells') out.push({ field: `${at}.${k}`, problem: 'is not a row field' });
    if (!fractionOk(row.height)) out.push({ field: `${at}.height`, problem: `must be a share between ${LAYOUT_LIMITS.minFraction} and 1` });
    else heights += row.height;
    const cells = row.cells;
    if (!Array.isArray(cells) || cells.length < 1 || cells.length > LAYOUT_LIMITS.cellsPerRow) {
      return void out.push({ field: `${at}.cells`, problem: `must be a list of 1 to ${LAYOUT_LIMITS.cellsPerRow} panes` });
    }
    let widths = 0;
    const before = out.length;
    cells.forEach((cell: unknown, c) => {
      const cat = `${at}.cells.${c}`;
      if (!isObject(cell)) return void out.push({ field: cat, problem: 'must be an object' });
      for (const k of Object.keys(cell))
        if (k !== 'pane' && k !== 'width') out.push({ field: `${cat}.${k}`, problem: 'is not a cell field' });
      const pane = cell.pane;
      if (typeof pane !== 'string' || pane.length > LAYOUT_LIMITS.paneIdLength || !new RegExp(PANE_ID_PATTERN).test(pane)) {
        out.push({ field: `${cat}.pane`, problem: 'must be a pane id (lower-case letters, digits and dashes)' });
      } else if (seen.has(pane)) out.push({ field: `${cat}.pane`, problem: `shows ${pane} a second time` });
      else seen.add(pane);
      if (!fractionOk(cell.width))
        out.push({ field: `${cat}.width`, problem: `must be a share between ${LAYOUT_LIMITS.minFraction} and 1` });
      else widths += cell.width;
    });
    if (out.length === before && Math.abs(widths - 1) > SUM_TOLERANCE)
      out.push({ field: `${at}.cells`, problem: `widths add up to ${widths.toFixed(3)}, not 1` });
  });
  if (out.length === 0 && Math.abs(heights - 1) > SUM_TOLERANCE)
    out.push({ field: 'layout.rows', problem: `heights add up to ${heights.toFixed(3)}, not 1` });
  if (seen.size > LAYOUT_LIMITS.panes)
    out.push({ field: 'layout.rows', problem: `holds ${seen.size} panes; at most ${LAYOUT_LIMITS.panes}` });
  const max = v.maximised;
  if (max !== undefined && max !== null && (typeof max !== 'string' || !seen.has(max))) {
    out.push({ field: 'layout.maximised', problem: 'must be null or one of the layout’s panes' });
  }
  return out;
}
