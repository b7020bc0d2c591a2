/** A point in model coordinates (Cytoscape's "position"). */
export interface Point {
  x: number;
  y: number;
}

/** A rectangle around a centre point. `owner` marks a compound box: its own children may go inside. */
export interface Box extends Point {
  w: number;
  h: number;
  owner?: string;
}

/**
 * The occupied part of the drawing, in a grid of cells so that checking a candidate spot costs a
 * few cells whatever the number of nodes.
 */
export class FreeSpace {
  /** Cell key (two 16-bit halves, offset so negative cells fit) → boxes touching that cell. */
  private readonly cells = new Map<number, Box[]>();

  constructor(private readonly cell = 120) {}

  add(box: Box): void {
    const [x0, x1, y0, y1] = this.span(box.x, box.y, box.w, box.h);
    for (let i = x0; i <= x1; i++) {
      for (let j = y0; j <= y1; j++) {
        const key = cellKey(i, j);
        const list = this.cells.get(key);
        if (list) list.push(box);
        else this.cells.set(key, [box]);
      }
    }
  }

  /** Whether `box`, grown by `gap` on each side, touches anything except boxes owned by `inside`. */
  overlaps(box: Box, gap: number, inside?: string): boolean {
    const w = box.w + 2 * gap;
    const h = box.h + 2 * gap;
    const [x0, x1, y0, y1] = this.span(box.x, box.y, w, h);
    for (let i = x0; i <= x1; i++) {
      for (let j = y0; j <= y1; j++) {
        const list = this.cells.get(cellKey(i, j));
        if (!list) continue;
        for (const other of list) {
          if (inside !== undefined && other.owner === inside) continue;
          if (Math.abs(other.x - box.x) * 2 < other.w + w && Math.abs(other.y - box.y) * 2 < other.h + h) return true;
        }
      }
    }
    return false;
  }

  /**
   * The free spot nearest to `anchor` on a spiral of rings around it (first ring: the anchor
   * itself), so a new node lands beside what it relates to and nothing already drawn moves.
   */
  findNear(
    anchor: Point,
    w: number,
    h: number,
    opts: {
      gap?: number;
      inside?: string;
      maxRings?: number;
      firstRing?: number;
      ringFound?: (ring: number) => void;
      aspect?: number;
      /** Distance between rings; by default three quarters of the box, which suits node-sized boxes. */
      step?: number;
    } = {},
  ): Point {
    const gap = opts.gap ?? 12;
    const step = opts.step ?? Math.max(w, h) * 0.75 + gap;
    const maxRings = opts.maxRings ?? 80;
    const probe: Box = { x: 0, y: 0, w, h };
    for (let ring = opts.firstRing ?? 0; ring <= maxRings; ring++) {
      const r = ring * step;
      const n = ring === 0 ? 1 : Math.max(6, Math.round((2 * Math.PI * r) / step));
      // Start each ring at a different angle, so successive nodes do not line up on one ray.
      const start = ring * 2.39996; // the golden angle, in radians
      for (let i = 0; i < n; i++) {
        const a = start + (i * 2 * Math.PI) / n;
        // An aspect above 1 searches wider than high: a landscape pane fills better.
        probe.x = anchor.x + r * Math.cos(a) * (opts.aspect ?? 1);
        probe.y = anchor.y + r * Math.sin(a);
        if (!this.overlaps(probe, gap, opts.inside)) {
          opts.ringFound?.(ring);
          return { x: probe.x, y: probe.y };
        }
      }
    }
    return { x: anchor.x + (maxRings + 1) * step, y: anchor.y };
  }

  private span(x: number, y: number, w: number, h: number): [number, number, number, number] {
    const c = this.cell;
    return [Math.floor((x - w / 2) / c), Math.floor((x + w / 2) / c), Math.floor((y - h / 2) / c), Math.floor((y + h / 2) / c)];
  }
}

function cellKey(i: number, j: number): number {
  return ((i + 32768) & 0xffff) * 65536 + ((j + 32768) & 0xffff);
}

/** The mean of some points; undefined for none. */
export function centroid(points: readonly Point[]): Point | undefined {
  if (points.length === 0) return undefined;
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}

/** What the placer needs to know about a node to be placed. */
export interface NewNode {
  id: string;
  w: number;
  h: number;
  /** Compound parent id, if any. */
  parent?: string;
  /** Ids of the nodes it has edges to. */
  neighbours: readonly string[];
  /** Room to keep around it; more for the first members of a new compound, whose box and title grow around them. */
  gap?: number;
}

export interface PlaceInput {
  /** Nodes to place, in the order given (parents are compounds: they are never placed). */
  nodes: readonly NewNode[];
  /** Where the nodes already drawn are. */
  positionOf: (id: string) => Point | undefined;
  /** Children of a compound already drawn, for a new child to join them. */
  siblingsOf: (parent: string) => readonly Point[];
  /** Where something with no placed neighbour goes: beside the drawing, not on top of it. */
  fallback: Point;
  space: FreeSpace;
}

/**
 * Places new nodes next to what they relate to, without moving anything already drawn. A node
 * in a compose project goes among its project's containers; otherwise beside the centre of its
 * neighbours. Nodes whose neighbours are new too are placed after them, in passes.
 */
export function placeNodes(input: PlaceInput): Map<string, Point> {
  const placed = new Map<string, Point>();
  const known = (id: string): Point | undefined => placed.get(id) ?? input.positionOf(id);
  const placedChildren = new Map<string, Point[]>();
  /** Rings already full around an anchor: nodes that share an anchor (a burst of new containers) skip them. */
  const fullRings = new Map<string, number>();
  let pending = [...input.nodes];
  let lone = 0;
  while (pending.length > 0) {
    const next: NewNode[] = [];
    let progress = false;
    for (const n of pending) {
      const siblings = n.parent ? [...input.siblingsOf(n.parent), ...(placedChildren.get(n.parent) ?? [])] : [];
      const near = n.neighbours.map(known).filter((p): p is Point => p !== undefined);
      const anchor = centroid(siblings) ?? centroid(near);
      if (!anchor) {
        next.push(n);
        continue;
      }
      put(n, anchor);
      progress = true;
    }
    if (!progress) {
      // Nothing left has a placed neighbour: start the first one beside the drawing, then go on.
      const [first, ...rest] = next;
      put(first!, { x: input.fallback.x, y: input.fallback.y + lone++ * 60 });
      pending = rest;
      continue;
    }
    pending = next;
  }
  return placed;

  function put(n: NewNode, anchor: Point): void {
    const key = `${Math.round(anchor.x)},${Math.round(anchor.y)},${n.w},${n.h},${n.parent ?? ''},${n.gap ?? ''}`;
    const p = input.space.findNear(anchor, n.w, n.h, {
      ...(n.parent ? { inside: n.parent } : {}),
      ...(n.gap !== undefined ? { gap: n.gap } : {}),
      firstRing: fullRings.get(key) ?? 0,
      ringFound: (ring) => fullRings.set(key, ring),
    });
    placed.set(n.id, p);
    input.space.add({ ...p, w: n.w, h: n.h });
    if (n.parent) {
      const list = placedChildren.get(n.parent) ?? [];
      list.push(p);
      placedChildren.set(n.parent, list);
    }
  }
}
