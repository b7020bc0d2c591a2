import { FreeSpace, type Point } from './placement.ts';

/** A node as the cluster layout sees it. */
export interface LayoutNode {
  id: string;
  kind: 'container' | 'network' | 'volume' | 'image' | 'project' | 'port';
  /** Compound (compose project) it belongs to. */
  parent?: string;
  /** Room it takes, label included. */
  w: number;
  h: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

/** A group of nodes laid out together, then placed as one block. */
export interface Cluster {
  id: string;
  /** Size of the block (compound padding and title included). */
  w: number;
  h: number;
}

/** Places the blocks: `links` say how strongly two blocks relate (number of edges between them). */
export type ArrangeClusters = (
  clusters: readonly Cluster[],
  links: readonly { a: string; b: string; weight: number }[],
) => Map<string, Point>;

/** Gap between rings, and the room a node gets along a ring. */
const RING_GAP = 78;
const SLOT = 74;
/** Extra room a compose project's box needs: padding on each side and its title above. */
const COMPOUND_EXTRA = { w: 44, h: 70 };
const LOOSE = 'cluster:loose';

/**
 * A layout for big graphs that costs little more than one pass over the nodes: nodes are grouped in
 * clusters that mean something (a compose project; a network with the standalone containers that
 * live on it; objects nothing uses), each cluster is drawn as rings around its network, and only
 * the clusters, a few dozen blocks instead of hundreds of nodes, go through a force layout.
 * Returns every leaf node's position (compound boxes follow their children).
 */
export function clusterLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], arrange: ArrangeClusters): Map<string, Point> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const neighbours = new Map<string, string[]>();
  for (const e of edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    (neighbours.get(e.source) ?? neighbours.set(e.source, []).get(e.source)!).push(e.target);
    (neighbours.get(e.target) ?? neighbours.set(e.target, []).get(e.target)!).push(e.source);
  }
  const near = (id: string): string[] => neighbours.get(id) ?? [];
  const clusterOf = assignClusters(nodes, near);

  const members = new Map<string, LayoutNode[]>();
  for (const n of nodes) {
    const c = clusterOf.get(n.id);
    if (c) (members.get(c) ?? members.set(c, []).get(c)!).push(n);
  }
  const local = new Map<string, Point>();
  const blocks: Cluster[] = [];
  for (const [id, list] of members) {
    const size = id === LOOSE ? gridCluster(list, local) : ringCluster(list, near, local);
    const compound = id.startsWith('project:');
    blocks.push({ id, w: size.w + (compound ? COMPOUND_EXTRA.w : 0), h: size.h + (compound ? COMPOUND_EXTRA.h : 0) });
  }

  const weights = new Map<string, number>();
  for (const e of edges) {
    const a = clusterOf.get(e.source);
    const b = clusterOf.get(e.target);
    if (!a || !b || a === b) continue;
    const key = a < b ? `${a}\n${b}` : `${b}\n${a}`;
    weights.set(key, (weights.get(key) ?? 0) + 1);
  }
  const links = [...weights].map(([key, weight]) => {
    const [a, b] = key.split('\n') as [string, string];
    return { a, b, weight };
  });
  const centres = arrange(blocks, links);

  const out = new Map<string, Point>();
  for (const n of nodes) {
    const c = clusterOf.get(n.id);
    const p = local.get(n.id);
    const centre = c ? centres.get(c) : undefined;
    if (!p || !centre) continue;
    // The title of a project's box sits above it: shift its content down to keep the block centred.
    const dy = c!.startsWith('project:') ? COMPOUND_EXTRA.h / 2 - COMPOUND_EXTRA.w / 2 : 0;
    out.set(n.id, { x: centre.x + p.x, y: centre.y + p.y + dy });
  }
  return out;
}

/** Which cluster each leaf node belongs to. */
function assignClusters(nodes: readonly LayoutNode[], near: (id: string) => string[]): Map<string, string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const clusterOf = new Map<string, string>();
  // Compose projects first: everything in a project's box is one cluster.
  for (const n of nodes) if (n.parent && n.kind !== 'project') clusterOf.set(n.id, n.parent);
  // A network outside any project gathers the standalone containers whose first network it is.
  for (const n of nodes) if (n.kind === 'network' && !clusterOf.has(n.id)) clusterOf.set(n.id, `cluster:${n.id}`);
  for (const n of nodes) {
    if (n.kind !== 'container' || clusterOf.has(n.id)) continue;
    const net = near(n.id)
      .filter((id) => byId.get(id)?.kind === 'network')
      .sort()[0];
    clusterOf.set(n.id, net ? clusterOf.get(net)! : `cluster:${n.id}`);
  }
  // Volumes, ports and images: with their only cluster when all their containers share one,
  // alone when shared across clusters (a hub), with the loose objects when nothing uses them.
  for (const n of nodes) {
    if (clusterOf.has(n.id) || n.kind === 'project') continue;
    const owners = new Set(
      near(n.id)
        .map((id) => clusterOf.get(id))
        .filter((c): c is string => c !== undefined),
    );
    const [only] = owners;
    if (owners.size === 0) clusterOf.set(n.id, LOOSE);
    else if (owners.size > 1 || n.kind === 'image') clusterOf.set(n.id, `cluster:${n.id}`);
    // Inside a project's box only its members may sit: the rest of its own goes in a block beside it.
    else if (only!.startsWith('project:')) clusterOf.set(n.id, `cluster:${only!}:beside`);
    else clusterOf.set(n.id, only!);
  }
  return clusterOf;
}

/**
 * Rings around the cluster's network: containers on the inner rings, the rest (volumes, ports,
 * other networks) outside, each next to the first container it relates to. Returns the block size.
 */
function ringCluster(list: readonly LayoutNode[], near: (id: string) => string[], local: Map<string, Point>): { w: number; h: number } {
  const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
  const centre = sorted.find((n) => n.kind === 'network') ?? (sorted.length === 1 ? sorted[0] : undefined);
  const inner = sorted.filter((n) => n !== centre && n.kind === 'container');
  const outer = sorted.filter((n) => n !== centre && n.kind !== 'container');
  if (centre) local.set(centre.id, { x: 0, y: 0 });
  let ring = centre ? 1 : 0;
  const angle = new Map<string, number>();
  const placeRing = (items: LayoutNode[]): void => {
    let i = 0;
    while (i < items.length) {
      const r = ring * RING_GAP;
      const capacity = ring === 0 ? 1 : Math.max(6, Math.floor((2 * Math.PI * r) / SLOT));
      const batch = items.slice(i, i + capacity);
      batch.forEach((n, k) => {
        const a = -Math.PI / 2 + (2 * Math.PI * k) / batch.length;
        angle.set(n.id, a);
        local.set(n.id, { x: r * Math.cos(a), y: r * Math.sin(a) });
      });
      i += batch.length;
      ring++;
    }
  };
  placeRing(inner);
  // Outer nodes follow the angle of what they relate to, so their edges stay short.
  const owner = (n: LayoutNode): number => {
    for (const id of near(n.id)) {
      const a = angle.get(id);
      if (a !== undefined) return a;
    }
    return Math.PI * 2;
  };
  placeRing(outer.sort((a, b) => owner(a) - owner(b)));
  let half = 0;
  for (const n of list) {
    const p = local.get(n.id)!;
    half = Math.max(half, Math.abs(p.x) + n.w / 2, Math.abs(p.y) + n.h / 2);
  }
  return { w: 2 * half + 16, h: 2 * half + 16 };
}

/** Objects nothing uses: a tidy grid. */
function gridCluster(list: readonly LayoutNode[], local: Map<string, Point>): { w: number; h: number } {
  const sorted = [...list].sort((a, b) => (a.kind === b.kind ? (a.id < b.id ? -1 : 1) : a.kind < b.kind ? -1 : 1));
  const cols = Math.max(1, Math.ceil(Math.sqrt(sorted.length * 1.6)));
  const cellW = Math.max(...sorted.map((n) => n.w)) + 14;
  const cellH = Math.max(...sorted.map((n) => n.h)) + 10;
  const rows = Math.ceil(sorted.length / cols);
  sorted.forEach((n, i) => {
    local.set(n.id, { x: ((i % cols) - (cols - 1) / 2) * cellW, y: (Math.floor(i / cols) - (rows - 1) / 2) * cellH });
  });
  return { w: cols * cellW, h: rows * cellH };
}

/**
 * Places the blocks without a force layout: the most connected block in the middle, then, in
 * breadth-first order of the links, each block at the free spot nearest to the blocks it links to
 * (weighted), searching wider than high to fill a landscape pane. Blocks never overlap. A force
 * layout of these few dozen blocks was measured at 230-800 ms of CPU; this takes a few ms.
 */
export const packClusters: ArrangeClusters = (clusters, links) => {
  const adj = new Map<string, { other: string; weight: number }[]>();
  for (const l of links) {
    (adj.get(l.a) ?? adj.set(l.a, []).get(l.a)!).push({ other: l.b, weight: l.weight });
    (adj.get(l.b) ?? adj.set(l.b, []).get(l.b)!).push({ other: l.a, weight: l.weight });
  }
  const degree = (id: string): number => (adj.get(id) ?? []).reduce((s, x) => s + x.weight, 0);
  const byId = new Map(clusters.map((c) => [c.id, c]));
  // Heaviest first; among equals the bigger block, then by id (deterministic).
  const rank = [...clusters].sort((a, b) => degree(b.id) - degree(a.id) || b.w * b.h - a.w * a.h || (a.id < b.id ? -1 : 1));
  const order: string[] = [];
  const seen = new Set<string>();
  for (const start of rank) {
    if (seen.has(start.id)) continue;
    seen.add(start.id);
    const queue = [start.id];
    while (queue.length > 0) {
      const id = queue.shift()!;
      order.push(id);
      const next = (adj.get(id) ?? [])
        .filter((x) => !seen.has(x.other))
        .sort((a, b) => b.weight - a.weight || (a.other < b.other ? -1 : 1));
      for (const x of next) {
        seen.add(x.other);
        queue.push(x.other);
      }
    }
  }
  const space = new FreeSpace(160);
  const out = new Map<string, Point>();
  let right = 0;
  for (const id of order) {
    const c = byId.get(id)!;
    let wx = 0;
    let wy = 0;
    let total = 0;
    for (const x of adj.get(id) ?? []) {
      const p = out.get(x.other);
      if (!p) continue;
      wx += p.x * x.weight;
      wy += p.y * x.weight;
      total += x.weight;
    }
    const anchor = total > 0 ? { x: wx / total, y: wy / total } : out.size === 0 ? { x: 0, y: 0 } : { x: right + c.w / 2 + 40, y: 0 };
    // Fine rings: big blocks then pack closely instead of one block-width apart.
    const p = space.findNear(anchor, c.w, c.h, { gap: 20, aspect: 1.6, step: 40, maxRings: 400 });
    space.add({ ...p, w: c.w, h: c.h });
    out.set(id, p);
    right = Math.max(right, p.x + c.w / 2);
  }
  return out;
};
