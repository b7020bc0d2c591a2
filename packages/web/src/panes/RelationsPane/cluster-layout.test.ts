import { describe, expect, it } from 'vitest';
import { clusterLayout, packClusters, type Cluster, type LayoutEdge, type LayoutNode } from './cluster-layout.ts';
import type { Point } from './placement.ts';

const node = (id: string, kind: LayoutNode['kind'], parent?: string): LayoutNode => ({
  id,
  kind,
  w: 40,
  h: 60,
  ...(parent ? { parent } : {}),
});

/** Two projects, a shared network with standalone containers, a shared image, an unused volume. */
function world(): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const nodes: LayoutNode[] = [node('image:busybox', 'image'), node('network:shared', 'network'), node('volume:unused', 'volume')];
  const edges: LayoutEdge[] = [];
  for (const p of ['shop', 'blog']) {
    nodes.push(node(`network:${p}`, 'network', `project:${p}`));
    for (let i = 0; i < 6; i++) {
      const id = `container:${p}-${i}`;
      nodes.push(node(id, 'container', `project:${p}`));
      edges.push({ source: id, target: `network:${p}` }, { source: id, target: 'image:busybox' });
    }
  }
  for (let i = 0; i < 10; i++) {
    nodes.push(node(`container:solo-${i}`, 'container'));
    edges.push({ source: `container:solo-${i}`, target: 'network:shared' }, { source: `container:solo-${i}`, target: 'image:busybox' });
  }
  nodes.push(node('volume:solo-data', 'volume'));
  edges.push({ source: 'container:solo-3', target: 'volume:solo-data' });
  return { nodes, edges };
}

const overlaps = (a: Point & { w: number; h: number }, b: Point & { w: number; h: number }): boolean =>
  Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h;

describe('clusterLayout', () => {
  it('places every leaf node, none on top of another', () => {
    const { nodes, edges } = world();
    const pos = clusterLayout(nodes, edges, packClusters);
    expect(pos.size).toBe(nodes.length);
    const boxes = nodes.map((n) => ({ ...pos.get(n.id)!, w: n.w, h: n.h }));
    let count = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]!, boxes[j]!)) count++;
    expect(count).toBe(0);
  });

  it('keeps a project’s members together and strangers out of its box', () => {
    const { nodes, edges } = world();
    const pos = clusterLayout(nodes, edges, packClusters);
    const shop = nodes.filter((n) => n.parent === 'project:shop').map((n) => pos.get(n.id)!);
    const box = {
      x1: Math.min(...shop.map((p) => p.x)) - 40,
      x2: Math.max(...shop.map((p) => p.x)) + 40,
      y1: Math.min(...shop.map((p) => p.y)) - 60,
      y2: Math.max(...shop.map((p) => p.y)) + 40,
    };
    for (const n of nodes.filter((x) => x.parent !== 'project:shop')) {
      const p = pos.get(n.id)!;
      expect(p.x > box.x1 && p.x < box.x2 && p.y > box.y1 && p.y < box.y2, n.id).toBe(false);
    }
    // The network sits in the middle of its containers' ring.
    const net = pos.get('network:shop')!;
    const ring = nodes
      .filter((n) => n.parent === 'project:shop' && n.kind === 'container')
      .map((n) => Math.hypot(pos.get(n.id)!.x - net.x, pos.get(n.id)!.y - net.y));
    expect(Math.max(...ring) - Math.min(...ring)).toBeLessThan(1);
  });

  it('puts standalone containers around their network, and a volume beside its only user', () => {
    const { nodes, edges } = world();
    const pos = clusterLayout(nodes, edges, packClusters);
    const net = pos.get('network:shared')!;
    for (let i = 0; i < 10; i++) {
      const p = pos.get(`container:solo-${i}`)!;
      expect(Math.hypot(p.x - net.x, p.y - net.y)).toBeLessThan(200);
    }
    const v = pos.get('volume:solo-data')!;
    expect(Math.hypot(v.x - net.x, v.y - net.y)).toBeLessThan(300);
  });

  it('is deterministic', () => {
    const { nodes, edges } = world();
    const a = clusterLayout(nodes, edges, packClusters);
    const b = clusterLayout([...nodes].reverse(), [...edges].reverse(), packClusters);
    for (const [id, p] of a) {
      expect(b.get(id)!.x).toBeCloseTo(p.x, 6);
      expect(b.get(id)!.y).toBeCloseTo(p.y, 6);
    }
  });
});

describe('packClusters', () => {
  it('puts the most linked block in the middle and linked blocks next to it, without overlap', () => {
    const blocks: Cluster[] = [
      { id: 'hub', w: 60, h: 40 },
      { id: 'a', w: 300, h: 300 },
      { id: 'b', w: 200, h: 100 },
      { id: 'lonely', w: 50, h: 50 },
    ];
    const pos = packClusters(blocks, [
      { a: 'hub', b: 'a', weight: 6 },
      { a: 'hub', b: 'b', weight: 4 },
    ]);
    expect(pos.get('hub')).toEqual({ x: 0, y: 0 });
    const boxes = blocks.map((c) => ({ ...pos.get(c.id)!, w: c.w, h: c.h }));
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
    // Linked blocks touch the hub's neighbourhood: the gap between their boxes is small.
    for (const id of ['a', 'b']) {
      const c = blocks.find((x) => x.id === id)!;
      const p = pos.get(id)!;
      const gap = Math.max(Math.abs(p.x) - (c.w + 60) / 2, Math.abs(p.y) - (c.h + 40) / 2);
      expect(gap, id).toBeLessThan(100);
    }
  });
});
