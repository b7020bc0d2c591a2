import type { NetworkLink, VolumeUse } from '@phedds/shared';

/** The parts of a container's inspect answer that relate it to volumes and to other containers. */
export interface AttachmentInspect {
  Mounts?: { Type?: string; Name?: string; Destination?: string; RW?: boolean }[] | null;
  HostConfig?: { Links?: string[] | null } | null;
  NetworkSettings?: { Networks?: Record<string, { Links?: string[] | null } | null> | null } | null;
}

/** What one container mounts and links to. */
export interface ContainerAttachments {
  mounts: { volume: string; destination: string; readOnly: boolean }[];
  links: { network: string; target: string; alias: string }[];
}

/** Which volumes (by name) and networks (by name) a change touched. */
export interface AttachmentChange {
  volumes: Set<string>;
  networks: Set<string>;
}

/**
 * `HostConfig.Links` holds `/target:/source/alias` (legacy links, on the default bridge);
 * a user network's endpoint holds `target:alias`.
 */
function parseLink(raw: string, network: string): { network: string; target: string; alias: string } | undefined {
  const i = raw.indexOf(':');
  if (i <= 0) return undefined;
  const target = raw.slice(0, i).replace(/^\//, '');
  const aliasPath = raw.slice(i + 1);
  const alias = aliasPath.slice(aliasPath.lastIndexOf('/') + 1);
  return target && alias ? { network, target, alias } : undefined;
}

/** Reads mounts and links from a container's inspect answer. Pure. */
export function attachmentsOf(j: AttachmentInspect): ContainerAttachments {
  const mounts = (j.Mounts ?? [])
    .filter((m) => m.Type === 'volume' && m.Name)
    .map((m) => ({ volume: m.Name!, destination: m.Destination ?? '', readOnly: m.RW === false }))
    .sort((a, b) => (a.volume + a.destination < b.volume + b.destination ? -1 : 1));
  const seen = new Set<string>();
  const links: ContainerAttachments['links'] = [];
  const push = (l: ReturnType<typeof parseLink>): void => {
    if (!l) return;
    const key = `${l.network}|${l.target}|${l.alias}`;
    if (seen.has(key)) return;
    seen.add(key);
    links.push(l);
  };
  for (const raw of j.HostConfig?.Links ?? []) push(parseLink(raw, 'bridge'));
  for (const [network, ep] of Object.entries(j.NetworkSettings?.Networks ?? {})) {
    for (const raw of ep?.Links ?? []) push(parseLink(raw, network));
  }
  return { mounts, links };
}

const same = (a: ContainerAttachments | undefined, b: ContainerAttachments | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Who mounts which volume and who links to whom, kept from the container inspects the container
 * inventory already makes (the engine's volume and network answers do not say). One entry per
 * container; the last inspect wins, as in the container inventory, so it is as fresh as the
 * containers themselves.
 */
export class AttachmentTracker {
  private readonly byContainer = new Map<string, ContainerAttachments>();
  private readonly listeners = new Set<(change: AttachmentChange) => void>();

  onChange(listener: (change: AttachmentChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a container's inspect answer; `null` means it no longer exists. */
  observe(id: string, j: AttachmentInspect | null): void {
    const next = j ? attachmentsOf(j) : undefined;
    const prev = this.byContainer.get(id);
    if (same(prev, next)) return;
    if (next) this.byContainer.set(id, next);
    else this.byContainer.delete(id);
    const change: AttachmentChange = { volumes: new Set(), networks: new Set() };
    for (const a of [prev, next]) {
      for (const m of a?.mounts ?? []) change.volumes.add(m.volume);
      for (const l of a?.links ?? []) change.networks.add(l.network);
    }
    if (change.volumes.size === 0 && change.networks.size === 0) return;
    for (const l of this.listeners) l(change);
  }

  forget(id: string): void {
    this.observe(id, null);
  }

  /** Containers mounting this volume, sorted by container id. */
  usersOf(volume: string): VolumeUse[] {
    const out: VolumeUse[] = [];
    for (const [container, a] of this.byContainer) {
      for (const m of a.mounts) if (m.volume === volume) out.push({ container, destination: m.destination, readOnly: m.readOnly });
    }
    return out.sort((a, b) => (a.container + a.destination < b.container + b.destination ? -1 : 1));
  }

  /** Links declared on this network, sorted. */
  linksOn(network: string): NetworkLink[] {
    const out: NetworkLink[] = [];
    for (const [container, a] of this.byContainer) {
      for (const l of a.links) if (l.network === network) out.push({ container, target: l.target, alias: l.alias });
    }
    return out.sort((a, b) => (`${a.container}|${a.target}|${a.alias}` < `${b.container}|${b.target}|${b.alias}` ? -1 : 1));
  }
}
