import type { ContainerView } from '../dto/container.ts';
import type { ImageView } from '../dto/image.ts';
import type { NetworkLink, NetworkView } from '../dto/network.ts';
import type { VolumeUse, VolumeView } from '../dto/volume.ts';
import { imageNode, missingImageNode, networkNode, portNode, volumeNode } from './nodes.ts';
import type { GraphEdgeKind, GraphNode, GraphNodeKind } from './types.ts';

/** Lookups the rules share, built once per graph. */
export interface InventoryIndex {
  containerByName: ReadonlyMap<string, ContainerView>;
  networkByName: ReadonlyMap<string, NetworkView>;
  images: ReadonlyMap<string, ImageView>;
  /** Container id → the volumes it mounts. */
  mounts: ReadonlyMap<string, { volume: VolumeView; use: VolumeUse }[]>;
  /** Container id → the links it declared, with the network they live on. */
  links: ReadonlyMap<string, { network: NetworkView; link: NetworkLink }[]>;
  /** `project/service` → its containers. */
  services: ReadonlyMap<string, ContainerView[]>;
}

/** Where an edge from a container leads. */
export interface RelationTarget {
  node: GraphNode;
  label?: string;
  /** Distinguishes two edges of one kind between the same two nodes (two mounts of one volume). */
  key?: string;
}

/**
 * One kind of relation, declared: what it means and how to find, for a container, what it leads
 * to. Adding a relation is adding a rule here; the builder, the diff and the pane follow.
 */
export interface RelationRule {
  kind: GraphEdgeKind;
  /** The node kind it leads to; when that kind is hidden, so are these edges. */
  to: GraphNodeKind;
  /** In words, for the legend and the docs. */
  meaning: string;
  targets(c: ContainerView, ix: InventoryIndex): RelationTarget[];
}

/** `com.docker.compose.depends_on`: `db:service_started:false,cache:service_healthy:true`. */
export function parseDependsOn(value: string | undefined): { service: string; condition?: string }[] {
  if (!value) return [];
  const out: { service: string; condition?: string }[] = [];
  for (const part of value.split(',')) {
    const [service, condition] = part.trim().split(':');
    if (!service) continue;
    const short = condition?.replace(/^service_/, '').replace(/_successfully$/, '');
    out.push(short ? { service, condition: short } : { service });
  }
  return out;
}

/** Host port node key: one node per host address, port and protocol, whoever publishes it. */
export function portKey(p: { hostIp?: string; hostPort?: number; protocol: string }): string {
  return `${p.hostIp ?? '0.0.0.0'}:${p.hostPort ?? ''}/${p.protocol}`;
}

export const RELATION_RULES: readonly RelationRule[] = [
  {
    kind: 'network',
    to: 'network',
    meaning: 'joined the network',
    targets: (c, ix) =>
      c.networks.flatMap((name) => {
        const n = ix.networkByName.get(name);
        return n ? [{ node: networkNode(n) }] : [];
      }),
  },
  {
    kind: 'volume',
    to: 'volume',
    meaning: 'mounts the volume (label: path inside the container)',
    targets: (c, ix) =>
      (ix.mounts.get(c.id) ?? []).map(({ volume, use }) => ({
        node: volumeNode(volume),
        label: use.readOnly ? `${use.destination} (ro)` : use.destination,
        key: use.destination,
      })),
  },
  {
    kind: 'image',
    to: 'image',
    meaning: 'runs the image',
    targets: (c, ix) => {
      const image = ix.images.get(c.imageId);
      return [{ node: image ? imageNode(image) : missingImageNode(c.imageId, c.image) }];
    },
  },
  {
    kind: 'port',
    to: 'port',
    meaning: 'publishes a host port (label: host port → container port)',
    targets: (c) =>
      c.ports
        .filter((p) => p.hostPort !== undefined)
        .map((p) => ({ node: portNode(portKey(p), p), label: `→ ${p.privatePort}`, key: String(p.privatePort) })),
  },
  {
    kind: 'link',
    to: 'container',
    meaning: 'declared link (`--link`, label: alias)',
    targets: (c, ix) =>
      (ix.links.get(c.id) ?? []).flatMap(({ link }) => {
        const target = ix.containerByName.get(link.target.replace(/^\//, ''));
        return target && target.id !== c.id ? [{ node: containerRef(target), label: link.alias, key: link.alias }] : [];
      }),
  },
  {
    kind: 'depends',
    to: 'container',
    meaning: 'compose depends_on (label: the condition)',
    targets: (c, ix) => {
      const project = c.compose?.project;
      if (!project) return [];
      return parseDependsOn(c.labels['com.docker.compose.depends_on']).flatMap(({ service, condition }) =>
        (ix.services.get(`${project}/${service}`) ?? [])
          .filter((t) => t.id !== c.id)
          .map((t) => ({ node: containerRef(t), ...(condition ? { label: condition } : {}) })),
      );
    },
  },
];

/**
 * Container-to-container rules only need the target's id: the target's own node is built from
 * its own view, so a placeholder is enough here.
 */
function containerRef(c: ContainerView): GraphNode {
  return { id: `container:${c.id}`, kind: 'container', label: c.name, ref: c.id, details: [] };
}

/** Builds the lookups for a set of containers and the other inventories. */
export function indexInventory(
  containers: readonly ContainerView[],
  networks: readonly NetworkView[],
  volumes: readonly VolumeView[],
  images: readonly ImageView[],
): InventoryIndex {
  const containerByName = new Map(containers.map((c) => [c.name, c]));
  const networkByName = new Map<string, NetworkView>();
  for (const n of networks) if (!networkByName.has(n.name)) networkByName.set(n.name, n);
  const mounts = new Map<string, { volume: VolumeView; use: VolumeUse }[]>();
  for (const volume of volumes) {
    for (const use of volume.usedBy) {
      const list = mounts.get(use.container) ?? [];
      list.push({ volume, use });
      mounts.set(use.container, list);
    }
  }
  const links = new Map<string, { network: NetworkView; link: NetworkLink }[]>();
  for (const network of networks) {
    for (const link of network.links) {
      const list = links.get(link.container) ?? [];
      list.push({ network, link });
      links.set(link.container, list);
    }
  }
  const services = new Map<string, ContainerView[]>();
  for (const c of containers) {
    if (!c.compose?.service) continue;
    const key = `${c.compose.project}/${c.compose.service}`;
    const list = services.get(key) ?? [];
    list.push(c);
    services.set(key, list);
  }
  return { containerByName, networkByName, images: new Map(images.map((i) => [i.id, i])), mounts, links, services };
}
