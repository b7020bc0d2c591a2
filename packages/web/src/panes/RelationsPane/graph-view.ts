import cytoscape, { type Core, type ElementDefinition, type LayoutOptions, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import {
  buildGraph,
  diffGraph,
  EMPTY_GRAPH,
  type Graph,
  type GraphDiff,
  type GraphEdge,
  type GraphFilter,
  type GraphInventory,
  type GraphNode,
} from '@phedds/shared';
import { graphStyle, LABEL_ROOM, NODE_SIZE, TONE_COLOURS } from './graph-style.ts';
import { clusterLayout, packClusters, type LayoutNode } from './cluster-layout.ts';
import { FreeSpace, placeNodes, type NewNode, type Point } from './placement.ts';
import { withIdleRenderLoop } from './idle-render-loop.ts';

cytoscape.use(fcose);

/** Cytoscape adds a `<style>` element unless one with this id exists; the page's CSP forbids inline styles. */
const CYTOSCAPE_STYLE_SLOT = '__________cytoscape_stylesheet';

/** User Timing marks around the first layout, for the benchmark and the browser's performance panel. */
export const MARKS = { layoutStart: 'phedds:relations:layout-start', layoutEnd: 'phedds:relations:layout-end' } as const;

/**
 * Above this many nodes the first layout groups them in clusters and packs the clusters: fcose on
 * every node costs seconds of CPU at 500 nodes (measured in docs/relations.md).
 */
const CLUSTER_ABOVE = 150;

/** Room around the members of a compound that does not exist yet: its padding and title will need it. */
const NEW_COMPOUND_GAP = 44;

/** Fitting never zooms in further than this (labels are then about 21 px). */
const MAX_FIT_ZOOM = 1.4;

/**
 * Changes closer together than this are applied together, in one Cytoscape batch: each applied
 * change costs a redraw of the whole canvas (tens of ms at 500 nodes without a GPU), and 20
 * containers starting at once send their changes a few ms apart.
 */
const UPDATE_MS = 100;

/**
 * The first change after a quiet moment waits this long for the rest of its news: a `docker
 * create` arrives as a volumes message and, about 10 ms later, a containers message.
 */
const LEAD_MS = 16;

/**
 * While changes pour in (more than BURST_CHANGES in the last second), they are gathered for
 * longer: 20 containers starting send changes for seconds, and each redraw blocks the page. One
 * `docker create` sends two.
 */
const BURST_MS = 400;
const BURST_CHANGES = 5;

/** How long a new node wears its halo. */
const NEW_MS = 1500;

/** How long a removed node stays, faded, before it goes. */
const LEAVE_MS = 400;

/**
 * Halos and removals falling due this close together are cleared in one redraw; an update takes
 * along those due within this time (its redraw happens anyway).
 */
const SWEEP_SLACK_MS = 250;

export interface Hover {
  node: GraphNode;
  /** Position in the canvas element, CSS pixels. */
  x: number;
  y: number;
  /** The canvas element's size, CSS pixels. */
  width: number;
  height: number;
}

export interface GraphViewHandlers {
  onTap(node: GraphNode | undefined): void;
  onHover(hover: Hover | undefined): void;
}

function nodeData(n: GraphNode): ElementDefinition['data'] {
  return {
    id: n.id,
    label: n.label,
    kind: n.kind,
    ...(n.tone ? { tone: n.tone, colour: TONE_COLOURS[n.tone] } : {}),
    ...(n.parent ? { parent: n.parent } : {}),
  };
}

function edgeData(e: GraphEdge): ElementDefinition['data'] {
  return { id: e.id, source: e.source, target: e.target, kind: e.kind, ...(e.label ? { label: e.label } : {}) };
}

/** Room a node needs, label included (about 9.5 px per character of the bold 16 px label, at most LABEL_ROOM). */
function footprint(n: GraphNode): { w: number; h: number } {
  const size = n.kind === 'project' ? { w: 0, h: 0 } : NODE_SIZE[n.kind];
  return { w: Math.max(size.w, Math.min(n.label.length * 9.5, LABEL_ROOM)), h: size.h + 22 };
}

/**
 * The relations graph on a Cytoscape canvas. Fed whole graphs, it applies only their difference:
 * the first one is laid out by fcose, later nodes are placed beside what they relate to and appear
 * with a halo, removed ones fade and go, and nothing already drawn moves unless the user asks for
 * a new layout. Updates are coalesced to at most one per UPDATE_MS.
 *
 * Nothing is animated frame by frame: without a GPU every animated frame is a full redraw of
 * 1,500 elements, so a new node's halo and a removed node's fading are one redraw each.
 */
export class GraphView {
  private readonly cy: Core;
  private graph: Graph = EMPTY_GRAPH;
  private laidOut = false;
  private source: { inventory: GraphInventory; filter: GraphFilter } | undefined;
  /** The filter of the graph drawn: nodes a filter change brings back are not news (no halo). */
  private drawnFilter: GraphFilter | undefined;
  /** The pending coalesced update. */
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The pending first graph. */
  private frame: number | undefined;
  /** When the last update was applied (performance.now()). */
  private appliedAt = -Infinity;
  /** When the changes of the last second came in. */
  private readonly arrivals: number[] = [];
  private selected: string | undefined;
  /** Whether selection marks are on the canvas (nothing to clear otherwise). */
  private marked = false;
  /** Element id → when it is removed from the canvas. */
  private readonly leaving = new Map<string, number>();
  /** New node id → when its halo goes. */
  private readonly fresh = new Map<string, number>();
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly resizer: ResizeObserver;
  private readonly releaseLoop: () => void;

  constructor(
    private readonly container: HTMLElement,
    private readonly handlers: GraphViewHandlers,
  ) {
    const doc = container.ownerDocument;
    if (!doc.getElementById(CYTOSCAPE_STYLE_SLOT)) {
      const slot = doc.createElement('meta');
      slot.id = CYTOSCAPE_STYLE_SLOT;
      doc.head.appendChild(slot);
    }
    const { cy, release } = withIdleRenderLoop(() =>
      cytoscape({
        container,
        style: graphStyle(),
        minZoom: 0.05,
        maxZoom: 5,
        boxSelectionEnabled: false,
        autounselectify: true,
        // While panning or zooming, move a snapshot instead of redrawing 500 nodes every frame.
        textureOnViewport: true,
        hideEdgesOnViewport: false,
        pixelRatio: 'auto',
      }),
    );
    this.cy = cy;
    this.releaseLoop = release;
    this.cy.on('tap', 'node', (e) => this.handlers.onTap(this.graph.nodes.get((e.target as NodeSingular).id())));
    this.cy.on('tap', (e) => {
      if (e.target === this.cy) this.handlers.onTap(undefined);
    });
    this.cy.on('mouseover', 'node', (e) => {
      const el = e.target as NodeSingular;
      const node = this.graph.nodes.get(el.id());
      if (!node) return;
      const p = el.renderedPosition();
      this.handlers.onHover({ node, x: p.x, y: p.y + el.renderedOuterHeight() / 2, width: this.cy.width(), height: this.cy.height() });
    });
    this.cy.on('mouseout', 'node', () => this.handlers.onHover(undefined));
    this.cy.on('viewport', () => this.handlers.onHover(undefined));
    this.resizer = new ResizeObserver(() => this.cy.resize());
    this.resizer.observe(container);
  }

  /**
   * The inventories and filter to draw: applied LEAD_MS from now after a quiet moment, otherwise
   * with whatever else arrives until UPDATE_MS (BURST_MS in a burst) after the last update. Only
   * the latest counts.
   */
  setSource(inventory: GraphInventory, filter: GraphFilter): void {
    this.source = { inventory, filter };
    const now = performance.now();
    this.arrivals.push(now);
    while (this.arrivals[0]! < now - 1000) this.arrivals.shift();
    if (this.timer !== undefined || this.frame !== undefined) return;
    // The first graph waits for the next frame: the page that has just received every inventory
    // paints its other panes first (laying out 500 nodes in the middle of it was measured slower).
    if (!this.laidOut) this.frame = requestAnimationFrame(() => this.flush());
    else {
      const burst = this.arrivals.length > BURST_CHANGES;
      const wait = this.appliedAt + (burst ? BURST_MS : UPDATE_MS) - now;
      this.timer = setTimeout(() => this.flush(), Math.max(LEAD_MS, wait));
    }
  }

  /** Highlights a node (by graph id) and what it relates to; brings it into view when asked. */
  select(id: string | undefined, reveal = false): void {
    this.selected = id;
    this.applySelection();
    const el = id ? this.cy.getElementById(id) : undefined;
    if (reveal && el && el.nonempty()) {
      const p = el.renderedPosition();
      const outside = p.x < 0 || p.y < 0 || p.x > this.cy.width() || p.y > this.cy.height();
      if (outside) void this.cy.animate({ center: { eles: el } }, { duration: 300 });
    }
  }

  fit(): void {
    this.cy.stop();
    void this.cy.animate({ fit: { eles: this.cy.elements(), padding: 30 } }, { duration: 250, complete: () => this.capZoom() });
  }

  zoomBy(factor: number): void {
    const level = Math.min(this.cy.maxZoom(), Math.max(this.cy.minZoom(), this.cy.zoom() * factor));
    this.cy.zoom({ level, renderedPosition: { x: this.cy.width() / 2, y: this.cy.height() / 2 } });
  }

  /** A fresh layout from the current positions, on request: the only time existing nodes move. */
  rearrange(): void {
    if (this.cy.nodes().empty()) return;
    this.layoutAll(this.graph, true);
  }

  destroy(): void {
    clearTimeout(this.timer);
    clearTimeout(this.sweepTimer);
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.resizer.disconnect();
    this.releaseLoop();
    this.cy.destroy();
  }

  private flush(): void {
    this.timer = undefined;
    this.frame = undefined;
    if (!this.source) return;
    const next = buildGraph(this.source.inventory, this.source.filter);
    if (!this.laidOut) this.firstLayout(next);
    else this.apply(diffGraph(this.graph, next), next, this.source.filter === this.drawnFilter);
    this.graph = next;
    this.drawnFilter = this.source.filter;
    this.applySelection();
    this.appliedAt = performance.now();
  }

  private layoutOptions(extra: Record<string, unknown>): LayoutOptions {
    return {
      name: 'fcose',
      quality: 'default',
      fit: true,
      padding: 30,
      nodeSeparation: 70,
      idealEdgeLength: () => 60,
      nodeRepulsion: () => 5000,
      nestingFactor: 0.5,
      gravity: 0.35,
      tile: true,
      // Labels count in the room a node takes: close names would otherwise run into each other.
      nodeDimensionsIncludeLabels: true,
      ...extra,
    } as unknown as LayoutOptions;
  }

  private firstLayout(g: Graph): void {
    this.laidOut = true;
    performance.mark(MARKS.layoutStart);
    // A big graph is laid out before it is added: every node then arrives at its place, which
    // costs far less than moving hundreds of nodes Cytoscape already holds.
    const positions = g.nodes.size > CLUSTER_ABOVE ? this.clusterPositions(g) : undefined;
    this.cy.batch(() => {
      this.cy.add([
        ...[...g.nodes.values()].map((n) => {
          const position = positions?.get(n.id);
          return { group: 'nodes' as const, data: nodeData(n), ...(position ? { position } : {}) };
        }),
        ...[...g.edges.values()].map((e) => ({ group: 'edges' as const, data: edgeData(e) })),
      ]);
    });
    if (positions) this.fitTo(positions, g);
    else this.layoutAll(g);
    this.capZoom();
    performance.mark(MARKS.layoutEnd);
  }

  /** Lays out every node: fcose on a small graph, clusters then fcose on the clusters for a big one. */
  private layoutAll(g: Graph, animate = false): void {
    if (g.nodes.size === 0) return;
    if (g.nodes.size <= CLUSTER_ABOVE) {
      const layout = this.cy.layout(this.layoutOptions({ randomize: !animate, animate, ...(animate ? { animationDuration: 600 } : {}) }));
      layout.one('layoutstop', () => this.capZoom());
      layout.run();
      return;
    }
    const positions = this.clusterPositions(g);
    const cy = this.cy;
    if (animate) {
      cy.nodes()
        .filter((n) => positions.has(n.id()))
        .forEach((n) => void n.animate({ position: positions.get(n.id())! }, { duration: 600 }));
      setTimeout(() => this.fit(), 620);
      return;
    }
    cy.batch(() => {
      for (const [id, p] of positions) cy.getElementById(id).position(p);
    });
    cy.fit(undefined, 30);
  }

  /**
   * Fits the view to positions computed here, from the nodes' known footprints: asking Cytoscape
   * for the bounding box of 500 fresh nodes makes it compute every style and label at once, which
   * was measured as most of the first layout's time.
   */
  private fitTo(positions: ReadonlyMap<string, Point>, g: Graph): void {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (const [id, p] of positions) {
      const n = g.nodes.get(id);
      const { w, h } = n ? footprint(n) : { w: 40, h: 40 };
      x1 = Math.min(x1, p.x - w / 2);
      x2 = Math.max(x2, p.x + w / 2);
      y1 = Math.min(y1, p.y - h / 2);
      y2 = Math.max(y2, p.y + h / 2);
    }
    if (!Number.isFinite(x1)) return;
    const pad = 30;
    const zoom = Math.min((this.cy.width() - 2 * pad) / (x2 - x1), (this.cy.height() - 2 * pad) / (y2 - y1), MAX_FIT_ZOOM);
    this.cy.viewport({ zoom, pan: { x: this.cy.width() / 2 - zoom * ((x1 + x2) / 2), y: this.cy.height() / 2 - zoom * ((y1 + y2) / 2) } });
  }

  private clusterPositions(g: Graph): Map<string, Point> {
    const nodes: LayoutNode[] = [...g.nodes.values()]
      .filter((n) => n.kind !== 'project')
      .map((n) => ({ id: n.id, kind: n.kind, ...(n.parent ? { parent: n.parent } : {}), ...footprint(n) }));
    return clusterLayout(nodes, [...g.edges.values()], packClusters);
  }

  /** A small graph fitted to the pane would be drawn huge: keep it at a size that still reads as a diagram. */
  private capZoom(): void {
    if (this.cy.zoom() <= MAX_FIT_ZOOM) return;
    this.cy.zoom(MAX_FIT_ZOOM);
    this.cy.center();
  }

  private apply(d: GraphDiff, next: Graph, news: boolean): void {
    const cy = this.cy;
    const now = performance.now();
    const prev = this.graph;
    // This update redraws anyway: what falls due soon goes in the same redraw.
    if (this.sweepTimer !== undefined) this.sweep(now + SWEEP_SLACK_MS);
    cy.batch(() => {
      for (const id of [...d.removedEdges, ...d.removedNodes]) {
        const el = cy.getElementById(id);
        if (el.empty() || this.leaving.has(id)) continue;
        el.addClass('leaving');
        this.fresh.delete(id);
        this.leaving.set(id, now + LEAVE_MS);
      }
      for (const n of d.changedNodes) {
        const el = cy.getElementById(n.id);
        const old = prev.nodes.get(n.id);
        if (el.empty() || (old && old.label === n.label && old.tone === n.tone && old.parent === n.parent)) continue; // details only: nothing drawn changes
        const { parent, ...data } = nodeData(n) as { parent?: string };
        el.data(data);
        const currentParent = (el as NodeSingular).parent().first();
        const was = currentParent.nonempty() ? currentParent.id() : undefined;
        if (was !== parent) (el as NodeSingular).move({ parent: parent ?? null });
      }
      for (const e of d.changedEdges) {
        const old = prev.edges.get(e.id);
        if (old && old.label === e.label && old.source === e.source && old.target === e.target) continue;
        cy.getElementById(e.id).data(edgeData(e));
      }
    });

    const positions = this.placeNew(d.addedNodes, next);
    cy.batch(() => {
      for (const n of d.addedNodes) {
        const el = cy.getElementById(n.id);
        if (el.nonempty()) {
          // Still fading out from a moment ago: bring it back where it is.
          this.leaving.delete(n.id);
          el.removeClass('leaving');
          el.data(nodeData(n));
          continue;
        }
        const position = positions.get(n.id);
        cy.add({ group: 'nodes', data: nodeData(n), ...(news ? { classes: 'entering' } : {}), ...(position ? { position } : {}) });
        if (news) this.fresh.set(n.id, now + NEW_MS);
      }
      for (const e of d.addedEdges) {
        const el = cy.getElementById(e.id);
        if (el.nonempty()) {
          this.leaving.delete(e.id);
          el.removeClass('leaving');
          el.data(edgeData(e));
          continue;
        }
        cy.add({ group: 'edges', data: edgeData(e) });
      }
    });
    this.scheduleSweep();
  }

  /** Takes the halos off new nodes and removes faded ones that are due by `until`, in one batch. */
  private sweep(until = performance.now()): void {
    clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    const cy = this.cy;
    cy.batch(() => {
      for (const [id, at] of this.fresh) {
        if (at > until) continue;
        this.fresh.delete(id);
        cy.getElementById(id).removeClass('entering');
      }
      for (const [id, at] of this.leaving) {
        if (at > until) continue;
        this.leaving.delete(id);
        cy.getElementById(id).remove();
      }
    });
    this.scheduleSweep();
  }

  private scheduleSweep(): void {
    if (this.sweepTimer !== undefined) return;
    let due = Infinity;
    for (const at of this.fresh.values()) due = Math.min(due, at);
    for (const at of this.leaving.values()) due = Math.min(due, at);
    if (due === Infinity) return;
    this.sweepTimer = setTimeout(() => this.sweep(), Math.max(0, due - performance.now()) + SWEEP_SLACK_MS);
  }

  /** Positions for new nodes: beside their neighbours or among their project, never over anything drawn. */
  private placeNew(added: readonly GraphNode[], next: Graph): Map<string, Point> {
    const toPlace = added.filter((n) => n.kind !== 'project' && this.cy.getElementById(n.id).empty());
    if (toPlace.length === 0) return new Map();
    const cy = this.cy;
    const space = new FreeSpace();
    // Boxes from positions and known footprints, not from Cytoscape's bounding boxes: those make
    // it compute styles and labels of every node, which costs more than the rest of an update.
    const boxes = new Map<string, { x1: number; y1: number; x2: number; y2: number }>();
    const grow = (id: string, x1: number, y1: number, x2: number, y2: number): void => {
      const b = boxes.get(id);
      boxes.set(
        id,
        b ? { x1: Math.min(b.x1, x1), y1: Math.min(b.y1, y1), x2: Math.max(b.x2, x2), y2: Math.max(b.y2, y2) } : { x1, y1, x2, y2 },
      );
    };
    cy.nodes().forEach((n) => {
      const id = n.id();
      const node = this.graph.nodes.get(id);
      if (!node || node.kind === 'project' || this.leaving.has(id)) return;
      const p = n.position();
      const { w, h } = footprint(node);
      space.add({ x: p.x, y: p.y, w, h });
      grow('', p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2);
      if (node.parent) grow(node.parent, p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2);
    });
    for (const [owner, b] of boxes) {
      if (!owner) continue;
      // Padding around the children, and the title above.
      space.add({ x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 - 14, w: b.x2 - b.x1 + 40, h: b.y2 - b.y1 + 68, owner });
    }
    const adjacency = new Map<string, string[]>();
    const wanted = new Set(toPlace.map((n) => n.id));
    for (const e of next.edges.values()) {
      if (wanted.has(e.source)) adjacency.set(e.source, [...(adjacency.get(e.source) ?? []), e.target]);
      if (wanted.has(e.target)) adjacency.set(e.target, [...(adjacency.get(e.target) ?? []), e.source]);
    }
    const all = boxes.get('');
    const bb = all ? { x2: all.x2, y1: all.y1, h: all.y2 - all.y1 } : { x2: 0, y1: 0, h: 0 };
    const nodes: NewNode[] = toPlace.map((n) => ({
      id: n.id,
      ...footprint(n),
      ...(n.parent ? { parent: n.parent } : {}),
      ...(n.parent && cy.getElementById(n.parent).empty() ? { gap: NEW_COMPOUND_GAP } : {}),
      neighbours: adjacency.get(n.id) ?? [],
    }));
    return placeNodes({
      nodes,
      space,
      positionOf: (id) => {
        const el = cy.getElementById(id);
        return el.nonempty() && !this.leaving.has(id) && !el.isParent() ? el.position() : undefined;
      },
      siblingsOf: (parent) => {
        const p = cy.getElementById(parent);
        if (p.empty()) return [];
        return (p as NodeSingular)
          .children()
          .filter((c) => !this.leaving.has(c.id()))
          .map((c) => (c as NodeSingular).position());
      },
      fallback: { x: bb.x2 + 120, y: bb.y1 + bb.h / 2 },
    });
  }

  /**
   * Marks the selected node, its edges, and dims the rest. Only elements whose marks change are
   * touched: restyling 1,500 elements on every update would cost a frame each time.
   */
  private applySelection(): void {
    const cy = this.cy;
    const el = this.selected ? cy.getElementById(this.selected) : undefined;
    const hasSelection = !!el && el.nonempty();
    if (!hasSelection && !this.marked) return;
    cy.batch(() => {
      const want: Record<'selected' | 'near' | 'dim', cytoscape.Collection> = {
        selected: cy.collection(),
        near: cy.collection(),
        dim: cy.collection(),
      };
      if (el && hasSelection) {
        const keep = el.closedNeighborhood().union(el.ancestors()).union(el.descendants());
        want.selected = el;
        want.near = cy.collection().union(el.connectedEdges());
        // Compound boxes of what is kept stay visible; everything else steps back.
        want.dim = cy.elements().difference(keep).difference(keep.ancestors());
      }
      for (const cls of ['selected', 'near', 'dim'] as const) {
        const now = cy.elements(`.${cls}`);
        now.difference(want[cls]).removeClass(cls);
        want[cls].difference(now).addClass(cls);
      }
    });
    this.marked = hasSelection;
  }
}
