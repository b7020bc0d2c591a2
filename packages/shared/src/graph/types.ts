/** What a node of the relations graph stands for. */
export type GraphNodeKind = 'container' | 'network' | 'volume' | 'image' | 'project' | 'port';

/** What an edge says about a container. */
export type GraphEdgeKind = 'network' | 'volume' | 'image' | 'port' | 'link' | 'depends';

/**
 * The colour family of a container node: its state, with health folded in (an unhealthy running
 * container is `failed`, one whose health check has not answered yet is `starting`).
 */
export type ContainerTone = 'running' | 'starting' | 'paused' | 'restarting' | 'created' | 'stopped' | 'failed';

/** One line of the details shown when hovering a node. */
export interface GraphDetail {
  label: string;
  value: string;
}

/** A node of the relations graph: plain data, equal when its JSON is equal. */
export interface GraphNode {
  /** Unique in the graph and stable across rebuilds: `container:<id>`, `network:<id>`, `volume:<name>`… */
  id: string;
  kind: GraphNodeKind;
  /** Short text drawn on the node. */
  label: string;
  /** The engine's key for it: container id, network id, volume name, image id, project name, or `ip:port/proto`. */
  ref: string;
  /** Id of the compose project node that contains it. */
  parent?: string;
  /** Containers only: the colour family. */
  tone?: ContainerTone;
  /** Shown on hover, in order. */
  details: GraphDetail[];
}

/** A directed edge, always from a container to what it relates to. */
export interface GraphEdge {
  /** Unique and stable: `<kind>:<source>-><target>` (plus a discriminator where two may exist). */
  id: string;
  kind: GraphEdgeKind;
  source: string;
  target: string;
  /** Short text drawn on the edge (mount path, alias, `8080→80`…). */
  label?: string;
}

/** The whole graph; Maps keep insertion order, which the builder makes deterministic. */
export interface Graph {
  nodes: ReadonlyMap<string, GraphNode>;
  edges: ReadonlyMap<string, GraphEdge>;
}

/** What to show. Hiding a kind also hides its edges. */
export interface GraphFilter {
  hideImages?: boolean;
  hideVolumes?: boolean;
  hidePorts?: boolean;
  /** Only this compose project's containers, and what they relate to. */
  project?: string;
}

/** What changed between two graphs, in an order that can be applied as is (parents first). */
export interface GraphDiff {
  addedNodes: GraphNode[];
  /** Ids; children before their parents. */
  removedNodes: string[];
  /** New versions of nodes whose data (label, state, parent, details) changed. */
  changedNodes: GraphNode[];
  addedEdges: GraphEdge[];
  removedEdges: string[];
  changedEdges: GraphEdge[];
}
