import type { ContainerView } from '../dto/container.ts';
import type { ImageView } from '../dto/image.ts';
import type { NetworkView } from '../dto/network.ts';
import type { VolumeView } from '../dto/volume.ts';
import type { GraphInventory } from './inventory.ts';
import { containerNode, imageNode, networkNode, nodeId, projectNode, volumeNode } from './nodes.ts';
import { indexInventory, RELATION_RULES } from './rules.ts';
import type { Graph, GraphDiff, GraphEdge, GraphFilter, GraphNode, GraphNodeKind } from './types.ts';

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T): number => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };

/** Node kinds in the order the graph lists them: compound parents first. */
const KIND_ORDER: readonly GraphNodeKind[] = ['project', 'network', 'volume', 'image', 'port', 'container'];

/**
 * Builds the relations graph from the inventories. Pure and deterministic: the same inventories
 * and filter give the same graph, node for node and in the same order, whatever the input order.
 */
export function buildGraph(inv: GraphInventory, filter: GraphFilter = {}): Graph {
  const containers = [...inv.containers].sort(byKey((c: ContainerView) => c.id));
  const networks = [...inv.networks].sort(byKey((n: NetworkView) => n.id));
  const volumes = [...inv.volumes].sort(byKey((v: VolumeView) => v.name));
  const images = [...inv.images].sort(byKey((i: ImageView) => i.id));
  const ix = indexInventory(containers, networks, volumes, images);
  const project = filter.project;
  const shown = project ? containers.filter((c) => c.compose?.project === project) : containers;
  const shownIds = new Set(shown.map((c) => c.id));
  const hidden = new Set<GraphNodeKind>();
  if (filter.hideImages) hidden.add('image');
  if (filter.hideVolumes) hidden.add('volume');
  if (filter.hidePorts) hidden.add('port');

  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const c of shown) nodes.set(nodeId.container(c.id), containerNode(c));
  /** Port node → the compose parents of the containers publishing it. */
  const portParents = new Map<string, Set<string | undefined>>();

  for (const c of shown) {
    const source = nodeId.container(c.id);
    for (const rule of RELATION_RULES) {
      if (hidden.has(rule.to)) continue;
      for (const t of rule.targets(c, ix)) {
        if (t.node.kind === 'container' && !shownIds.has(t.node.ref)) continue;
        if (!nodes.has(t.node.id)) nodes.set(t.node.id, t.node);
        const id = `${rule.kind}:${source}->${t.node.id}${t.key !== undefined ? '#' + t.key : ''}`;
        const edge: GraphEdge = { id, kind: rule.kind, source, target: t.node.id };
        if (t.label) edge.label = t.label;
        edges.set(id, edge);
        if (t.node.kind === 'port') {
          const parents = portParents.get(t.node.id) ?? new Set();
          parents.add(c.compose ? nodeId.project(c.compose.project) : undefined);
          portParents.set(t.node.id, parents);
        }
      }
    }
  }

  // What no container points at still exists on the engine: show it, unless filtered out.
  // Built-in networks (bridge, host, none) only matter once something uses them.
  const inScope = (p: string | undefined): boolean => !project || p === project;
  for (const n of networks) if (!n.builtIn && inScope(n.compose?.project) && !nodes.has(nodeId.network(n.id))) add(nodes, networkNode(n));
  if (!hidden.has('volume')) {
    for (const v of volumes) if (inScope(v.compose?.project) && !nodes.has(nodeId.volume(v.name))) add(nodes, volumeNode(v));
  }
  if (!hidden.has('image') && !project) {
    for (const i of images) if (i.tags.length > 0 && !nodes.has(nodeId.image(i.id))) add(nodes, imageNode(i));
  }

  // A host port sits in its project's box when everything publishing it belongs to that project.
  for (const [id, parents] of portParents) {
    const [only] = parents;
    const node = nodes.get(id);
    if (node && parents.size === 1 && only !== undefined) nodes.set(id, { ...node, parent: only });
  }

  const members = new Map<string, number>();
  for (const c of shown) if (c.compose) members.set(c.compose.project, (members.get(c.compose.project) ?? 0) + 1);
  for (const n of [...nodes.values()]) {
    if (!n.parent || nodes.has(n.parent)) continue;
    const name = n.parent.slice('project:'.length);
    nodes.set(n.parent, projectNode(name, members.get(name) ?? 0));
  }

  const ordered = [...nodes.values()].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || byKey((n: GraphNode) => n.id)(a, b),
  );
  return {
    nodes: new Map(ordered.map((n) => [n.id, n])),
    edges: new Map([...edges.values()].sort(byKey((e: GraphEdge) => e.id)).map((e) => [e.id, e])),
  };
}

function add(nodes: Map<string, GraphNode>, n: GraphNode): void {
  nodes.set(n.id, n);
}

/** Two nodes with the same id are the same when what they show is (compared field by field: this runs for every node on every change). */
function sameNode(a: GraphNode, b: GraphNode): boolean {
  if (a.label !== b.label || a.parent !== b.parent || a.tone !== b.tone || a.ref !== b.ref || a.details.length !== b.details.length)
    return false;
  for (let i = 0; i < a.details.length; i++) {
    if (a.details[i]!.label !== b.details[i]!.label || a.details[i]!.value !== b.details[i]!.value) return false;
  }
  return true;
}

/** An edge's id already names its kind, ends and discriminator: only its label can differ. */
function sameEdge(a: GraphEdge, b: GraphEdge): boolean {
  return a.label === b.label && a.source === b.source && a.target === b.target;
}

/**
 * What to add, remove and change to turn `prev` into `next`. Added nodes come parents first and
 * removed ones children first, so the lists can be applied in order.
 */
export function diffGraph(prev: Graph, next: Graph): GraphDiff {
  const diff: GraphDiff = { addedNodes: [], removedNodes: [], changedNodes: [], addedEdges: [], removedEdges: [], changedEdges: [] };
  for (const [id, n] of next.nodes) {
    const old = prev.nodes.get(id);
    if (!old) diff.addedNodes.push(n);
    else if (old !== n && !sameNode(old, n)) diff.changedNodes.push(n);
  }
  const removed: GraphNode[] = [];
  for (const [id, n] of prev.nodes) if (!next.nodes.has(id)) removed.push(n);
  // Children first: project boxes go last.
  diff.removedNodes = removed.sort((a, b) => Number(a.kind === 'project') - Number(b.kind === 'project')).map((n) => n.id);
  for (const [id, e] of next.edges) {
    const old = prev.edges.get(id);
    if (!old) diff.addedEdges.push(e);
    else if (old !== e && !sameEdge(old, e)) diff.changedEdges.push(e);
  }
  for (const id of prev.edges.keys()) if (!next.edges.has(id)) diff.removedEdges.push(id);
  return diff;
}

export function isEmptyDiff(d: GraphDiff): boolean {
  return (
    d.addedNodes.length +
      d.removedNodes.length +
      d.changedNodes.length +
      d.addedEdges.length +
      d.removedEdges.length +
      d.changedEdges.length ===
    0
  );
}

/** The empty graph, the starting point of a view. */
export const EMPTY_GRAPH: Graph = { nodes: new Map(), edges: new Map() };
