import type { ContainerView, PortView } from '../dto/container.ts';
import { imageLabel, type ImageView } from '../dto/image.ts';
import type { NetworkView } from '../dto/network.ts';
import type { VolumeView } from '../dto/volume.ts';
import type { ContainerTone, GraphDetail, GraphNode } from './types.ts';

/** Node ids: one namespace per kind, so a volume and a project of the same name never collide. */
export const nodeId = {
  container: (id: string): string => `container:${id}`,
  network: (id: string): string => `network:${id}`,
  volume: (name: string): string => `volume:${name}`,
  image: (id: string): string => `image:${id}`,
  project: (name: string): string => `project:${name}`,
  port: (key: string): string => `port:${key}`,
};

/** The colour family of a container. */
export function containerTone(c: Pick<ContainerView, 'state' | 'health'>): ContainerTone {
  switch (c.state) {
    case 'running':
      if (c.health === 'unhealthy') return 'failed';
      return c.health === 'starting' ? 'starting' : 'running';
    case 'paused':
      return 'paused';
    case 'restarting':
      return 'restarting';
    case 'created':
      return 'created';
    case 'dead':
      return 'failed';
    case 'exited':
    case 'removing':
      return 'stopped';
  }
}

/**
 * Inside a project's box the project name is noise: `shop-web-1` reads `web-1`, `shop_back` reads
 * `back`. Short labels stay legible on a projector.
 */
export function withoutProject(name: string, project: string | undefined): string {
  if (!project) return name;
  for (const sep of ['-', '_']) {
    const prefix = project + sep;
    if (name.startsWith(prefix) && name.length > prefix.length) return name.slice(prefix.length);
  }
  return name;
}

function detail(label: string, value: string | undefined): GraphDetail[] {
  return value ? [{ label, value }] : [];
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function portText(p: PortView): string {
  return `${p.hostIp && p.hostIp !== '0.0.0.0' ? p.hostIp : ''}:${p.hostPort ?? ''}${p.protocol === 'tcp' ? '' : '/' + p.protocol}`;
}

/**
 * Remembers the node built for each view object. Inventories replace a view only when it changed,
 * so an unchanged container yields the very same node, and comparing graphs stays cheap.
 */
function memo<V extends object>(build: (v: V) => GraphNode): (v: V) => GraphNode {
  const cache = new WeakMap<V, GraphNode>();
  return (v) => {
    let n = cache.get(v);
    if (!n) {
      n = build(v);
      cache.set(v, n);
    }
    return n;
  };
}

export const containerNode = memo((c: ContainerView): GraphNode => {
  const project = c.compose?.project;
  const node: GraphNode = {
    id: nodeId.container(c.id),
    kind: 'container',
    label: withoutProject(c.name, project),
    ref: c.id,
    tone: containerTone(c),
    details: [
      { label: 'container', value: c.name },
      { label: 'state', value: c.status },
      { label: 'image', value: c.image },
      ...detail('project', project && `${project}${c.compose?.service ? ' · ' + c.compose.service : ''}`),
      ...detail('networks', c.networks.join(', ')),
      ...detail(
        'ports',
        c.ports
          .filter((p) => p.hostPort !== undefined)
          .map((p) => `${portText(p)}→${p.privatePort}`)
          .join(', '),
      ),
      { label: 'id', value: c.id.slice(0, 12) },
    ],
  };
  if (project) node.parent = nodeId.project(project);
  return node;
});

export const networkNode = memo((n: NetworkView): GraphNode => {
  const project = n.compose?.project;
  const node: GraphNode = {
    id: nodeId.network(n.id),
    kind: 'network',
    label: n.labels['com.docker.compose.network'] && project ? n.labels['com.docker.compose.network'] : withoutProject(n.name, project),
    ref: n.id,
    details: [
      { label: 'network', value: n.name },
      { label: 'driver', value: `${n.driver}${n.internal ? ' · internal' : ''}${n.builtIn ? ' · built in' : ''}` },
      ...detail('subnet', n.subnets.map((s) => s.subnet).join(', ')),
      ...detail('project', project),
      { label: 'id', value: n.id.slice(0, 12) },
    ],
  };
  if (project) node.parent = nodeId.project(project);
  return node;
});

export const volumeNode = memo((v: VolumeView): GraphNode => {
  const project = v.compose?.project;
  const composeKey = v.labels['com.docker.compose.volume'];
  const node: GraphNode = {
    id: nodeId.volume(v.name),
    kind: 'volume',
    label: v.anonymous ? `${v.name.slice(0, 8)}… (anon)` : composeKey && project ? composeKey : withoutProject(v.name, project),
    ref: v.name,
    details: [
      { label: 'volume', value: v.name },
      { label: 'driver', value: v.driver },
      { label: 'used by', value: v.usedBy.length === 0 ? 'no container' : `${v.usedBy.length} container${v.usedBy.length > 1 ? 's' : ''}` },
      ...detail('project', project),
      { label: 'on host', value: v.mountpoint },
    ],
  };
  if (project) node.parent = nodeId.project(project);
  return node;
});

export const imageNode = memo((i: ImageView): GraphNode => ({
  id: nodeId.image(i.id),
  kind: 'image',
  label: imageLabel(i),
  ref: i.id,
  details: [
    { label: 'image', value: i.tags.join(', ') || '<none>' },
    { label: 'size', value: formatBytes(i.size) },
    { label: 'id', value: i.id.slice(7, 19) },
  ],
}));

/** An image the containers still run but the engine no longer lists (removed with force). */
export function missingImageNode(id: string, reference: string): GraphNode {
  return {
    id: nodeId.image(id),
    kind: 'image',
    label: reference,
    ref: id,
    details: [
      { label: 'image', value: `${reference} (no longer on the engine)` },
      { label: 'id', value: id.slice(7, 19) || id },
    ],
  };
}

export function portNode(key: string, p: PortView): GraphNode {
  return {
    id: nodeId.port(key),
    kind: 'port',
    label: portText(p),
    ref: key,
    details: [{ label: 'host port', value: `${p.hostIp ?? '0.0.0.0'}:${p.hostPort ?? ''}/${p.protocol}` }],
  };
}

export function projectNode(name: string, members: number): GraphNode {
  return {
    id: nodeId.project(name),
    kind: 'project',
    label: name,
    ref: name,
    details: [
      { label: 'compose project', value: name },
      { label: 'containers', value: String(members) },
    ],
  };
}
