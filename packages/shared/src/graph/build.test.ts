import { describe, expect, it } from 'vitest';
import type { ContainerView } from '../dto/container.ts';
import type { ImageView } from '../dto/image.ts';
import type { NetworkView } from '../dto/network.ts';
import type { VolumeView } from '../dto/volume.ts';
import { buildGraph, diffGraph, isEmptyDiff } from './build.ts';
import before from './fixtures/inventory-before.json' with { type: 'json' };
import after from './fixtures/inventory-after.json' with { type: 'json' };
import type { Graph, GraphDiff, GraphEdge, GraphNode } from './types.ts';

/** Inventories the console recorded from a real engine (the demo app, a compose-labelled project, links, volumes). */
interface Recorded {
  containers: ContainerView[];
  networks: NetworkView[];
  volumes: VolumeView[];
  images: ImageView[];
}
const BEFORE = before as unknown as Recorded;
const AFTER = after as unknown as Recorded;

const cid = (inv: Recorded, name: string): string => `container:${inv.containers.find((c) => c.name === name)!.id}`;
const nid = (inv: Recorded, name: string): string => `network:${inv.networks.find((n) => n.name === name)!.id}`;
const kinds = (g: Graph, kind: GraphNode['kind']): GraphNode[] => [...g.nodes.values()].filter((n) => n.kind === kind);
const edgesOf = (g: Graph, source: string, kind?: GraphEdge['kind']): GraphEdge[] =>
  [...g.edges.values()].filter((e) => e.source === source && (!kind || e.kind === kind));

/** Applies a diff the way the pane does, to check that it turns one graph into the other. */
function apply(g: Graph, d: GraphDiff): Graph {
  const nodes = new Map(g.nodes);
  const edges = new Map(g.edges);
  for (const id of d.removedEdges) edges.delete(id);
  for (const id of d.removedNodes) nodes.delete(id);
  for (const n of [...d.addedNodes, ...d.changedNodes]) nodes.set(n.id, n);
  for (const e of [...d.addedEdges, ...d.changedEdges]) edges.set(e.id, e);
  return { nodes, edges };
}

const sortedJson = (g: Graph): string =>
  JSON.stringify([
    [...g.nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    [...g.edges.values()].sort((a, b) => a.id.localeCompare(b.id)),
  ]);

describe('buildGraph on a recorded inventory', () => {
  const g = buildGraph(BEFORE);

  it('has one node per container, each running its image', () => {
    expect(kinds(g, 'container')).toHaveLength(BEFORE.containers.length);
    for (const c of BEFORE.containers)
      expect(edgesOf(g, cid(BEFORE, c.name), 'image').map((e) => e.target)).toEqual([`image:${c.imageId}`]);
  });

  it('groups compose-labelled containers, and their network and volumes, in one box per project', () => {
    expect(kinds(g, 'project').map((p) => p.label)).toEqual(['fixproj', 'phedds-demo']);
    for (const c of BEFORE.containers) {
      expect(g.nodes.get(cid(BEFORE, c.name))?.parent, c.name).toBe(c.compose ? `project:${c.compose.project}` : undefined);
    }
    expect(g.nodes.get(nid(BEFORE, 'phedds-demo'))?.parent).toBe('project:phedds-demo');
    expect(g.nodes.get('volume:fixproj_data')).toMatchObject({ parent: 'project:fixproj', label: 'data' });
    // Inside its box a container reads without the project prefix.
    expect(g.nodes.get(cid(BEFORE, 'phedds-demo-web-1'))?.label).toBe('web-1');
    expect(g.nodes.get('project:phedds-demo')?.details).toContainEqual({ label: 'containers', value: '4' });
  });

  it('draws joined networks, mounted volumes and published host ports', () => {
    const web1 = cid(BEFORE, 'phedds-demo-web-1');
    expect(edgesOf(g, web1, 'network').map((e) => e.target)).toEqual([nid(BEFORE, 'phedds-demo')]);
    expect(edgesOf(g, web1, 'port')).toEqual([
      { id: `port:${web1}->port:0.0.0.0:8081/tcp#80`, kind: 'port', source: web1, target: 'port:0.0.0.0:8081/tcp', label: '→ 80' },
    ]);
    expect(g.nodes.get('port:0.0.0.0:8081/tcp')).toMatchObject({ label: ':8081', parent: 'project:phedds-demo' });
    const fxWeb = cid(BEFORE, 'fx-web');
    expect(
      edgesOf(g, fxWeb, 'volume')
        .map((e) => [e.target.slice(0, 14), e.label])
        .sort(),
    ).toEqual([
      ['volume:51acb8b', '/scratch'],
      ['volume:fixvol', '/cache (ro)'],
    ]);
    expect(g.nodes.get('port:127.0.0.1:18092/udp')?.label).toBe('127.0.0.1:18092/udp');
  });

  it('draws declared links and compose depends_on between containers', () => {
    expect(edgesOf(g, cid(BEFORE, 'fx-legacy'), 'link')).toMatchObject([{ target: cid(BEFORE, 'fx-cache'), label: 'cache' }]);
    expect(edgesOf(g, cid(BEFORE, 'fx-web'), 'link')).toMatchObject([{ target: cid(BEFORE, 'fx-db'), label: 'database' }]);
    expect(edgesOf(g, cid(BEFORE, 'fx-web'), 'depends')).toMatchObject([{ target: cid(BEFORE, 'fx-db'), label: 'started' }]);
  });

  it('shows a built-in network only when something uses it, and no edge to a network the engine no longer has', () => {
    const names = kinds(g, 'network').map((n) => n.label);
    expect(names).toContain('bridge');
    expect(names).not.toContain('host');
    expect(names).not.toContain('none');
    expect(BEFORE.containers.find((c) => c.name === 'fx-cache')?.networks).toContain('fix-extra');
    expect(edgesOf(g, cid(BEFORE, 'fx-cache'), 'network').map((e) => e.target)).toEqual([nid(BEFORE, 'bridge')]);
  });

  it('colours containers by state', () => {
    const tone = (name: string) => g.nodes.get(cid(BEFORE, name))?.tone;
    expect(tone('fx-web')).toBe('running');
    expect(tone('fx-legacy')).toBe('created');
    expect(tone('fx-cache')).toBe('stopped');
  });

  it('is deterministic: the same inventory in another order gives the same graph, in the same order', () => {
    const shuffled: Recorded = {
      containers: [...BEFORE.containers].reverse(),
      networks: [...BEFORE.networks].reverse(),
      volumes: [...BEFORE.volumes].reverse(),
      images: [...BEFORE.images].reverse(),
    };
    const again = buildGraph(shuffled);
    expect([...again.nodes.keys()]).toEqual([...g.nodes.keys()]);
    expect(JSON.stringify([...again.edges.values()])).toEqual(JSON.stringify([...g.edges.values()]));
    // Compound parents come before their children.
    const order = [...g.nodes.keys()];
    for (const n of g.nodes.values()) if (n.parent) expect(order.indexOf(n.parent)).toBeLessThan(order.indexOf(n.id));
  });

  it('every edge joins two nodes of the graph', () => {
    for (const e of g.edges.values()) {
      expect(g.nodes.has(e.source), e.id).toBe(true);
      expect(g.nodes.has(e.target), e.id).toBe(true);
    }
  });
});

describe('filters', () => {
  it('hides images and volumes, with their edges', () => {
    const g = buildGraph(BEFORE, { hideImages: true, hideVolumes: true, hidePorts: true });
    expect(kinds(g, 'image')).toEqual([]);
    expect(kinds(g, 'volume')).toEqual([]);
    expect(kinds(g, 'port')).toEqual([]);
    expect([...g.edges.values()].filter((e) => ['image', 'volume', 'port'].includes(e.kind))).toEqual([]);
    expect(kinds(g, 'container')).toHaveLength(BEFORE.containers.length);
  });

  it('shows one project: its containers and what they relate to, nothing else', () => {
    const g = buildGraph(BEFORE, { project: 'phedds-demo' });
    expect(
      kinds(g, 'container')
        .map((n) => n.label)
        .sort(),
    ).toEqual(['client-1', 'web-1', 'web-2', 'web-3']);
    expect(kinds(g, 'project').map((n) => n.label)).toEqual(['phedds-demo']);
    expect(kinds(g, 'network').map((n) => n.label)).toEqual(['phedds-demo']);
    expect(kinds(g, 'volume')).toEqual([]);
    expect(
      kinds(g, 'image')
        .map((n) => n.label)
        .sort(),
    ).toEqual(['busybox:local', 'phedds/web:local']);
    // Relations to containers outside the project are not drawn.
    const fx = buildGraph(BEFORE, { project: 'fixproj' });
    expect(
      kinds(fx, 'container')
        .map((n) => n.label)
        .sort(),
    ).toEqual(['fx-db', 'fx-web']);
    expect([...fx.edges.values()].every((e) => fx.nodes.has(e.target))).toBe(true);
  });
});

describe('diffGraph between two recorded inventories', () => {
  const g0 = buildGraph(BEFORE);
  const g1 = buildGraph(AFTER);
  const d = diffGraph(g0, g1);

  it('turns the first graph into the second', () => {
    expect(sortedJson(apply(g0, d))).toBe(sortedJson(g1));
  });

  it('says what happened: a new network joined by a container, a container removed, one paused', () => {
    const extra = nid(AFTER, 'fix-extra');
    expect(d.addedNodes.map((n) => n.id)).toEqual([extra]);
    expect(d.addedEdges.map((e) => [e.kind, e.source, e.target]).sort()).toEqual(
      [
        ['network', cid(AFTER, 'fx-cache'), extra],
        ['network', cid(AFTER, 'fx-web'), extra],
      ].sort(),
    );
    expect(d.removedNodes).toEqual([cid(BEFORE, 'fx-legacy')]);
    expect(d.removedEdges.every((id) => id.includes(cid(BEFORE, 'fx-legacy')))).toBe(true);
    expect(d.removedEdges.length).toBe(edgesOf(g0, cid(BEFORE, 'fx-legacy')).length);
    expect(d.changedNodes.map((n) => [n.label, n.tone])).toContainEqual(['web-2', 'paused']);
    // Nothing that did not change is reported.
    const changedIds = new Set(d.changedNodes.map((n) => n.id));
    expect(changedIds.has(cid(AFTER, 'phedds-demo-web-1'))).toBe(false);
  });

  it('is empty between a graph and a rebuild of the same inventory, even from copies of every view', () => {
    expect(isEmptyDiff(diffGraph(g0, buildGraph(BEFORE)))).toBe(true);
    const copy = JSON.parse(JSON.stringify(BEFORE)) as Recorded;
    const rebuilt = buildGraph(copy);
    // New view objects make new node objects, which are compared by what they show.
    expect(rebuilt.nodes.get(cid(BEFORE, 'fx-web'))).not.toBe(g0.nodes.get(cid(BEFORE, 'fx-web')));
    expect(isEmptyDiff(diffGraph(g0, rebuilt))).toBe(true);
    const renamed = {
      ...copy,
      containers: copy.containers.map((c) => (c.name === 'fx-web' ? { ...c, status: 'Up (unhealthy)', health: 'unhealthy' as const } : c)),
    };
    expect(diffGraph(g0, buildGraph(renamed)).changedNodes.map((n) => [n.id, n.tone])).toEqual([[cid(BEFORE, 'fx-web'), 'failed']]);
  });

  it('orders additions parents first and removals children first', () => {
    const emptyToAll = diffGraph({ nodes: new Map(), edges: new Map() }, g0);
    const added = emptyToAll.addedNodes.map((n) => n.id);
    for (const n of emptyToAll.addedNodes) if (n.parent) expect(added.indexOf(n.parent)).toBeLessThan(added.indexOf(n.id));
    const allToEmpty = diffGraph(g0, { nodes: new Map(), edges: new Map() });
    const removed = allToEmpty.removedNodes;
    for (const n of g0.nodes.values()) if (n.parent) expect(removed.indexOf(n.id)).toBeLessThan(removed.indexOf(n.parent));
  });

  it('reports a changed filter as nodes removed, not a rebuild', () => {
    const hidden = diffGraph(g0, buildGraph(BEFORE, { hideImages: true }));
    expect(hidden.addedNodes).toEqual([]);
    expect(hidden.removedNodes.every((id) => id.startsWith('image:'))).toBe(true);
    expect(hidden.removedNodes.length).toBe(kinds(g0, 'image').length);
  });
});
