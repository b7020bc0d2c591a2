import type { ComposeRef, ContainerHealth, ContainerState, ContainerView, PortView } from '@phedds/shared';

/**
 * The subset of the engine's `GET /containers/{id}/json` answer that Phedds reads.
 * Typed here rather than taken from @types/dockerode so that recorded JSON fixtures check against it.
 */
export interface EngineInspect {
  Id: string;
  Name: string;
  Created: string;
  Path?: string;
  Args?: string[];
  Image: string;
  State: {
    Status: string;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status?: string } | null;
  };
  Config?: { Image?: string; Labels?: Record<string, string> | null } | null;
  HostConfig?: { AutoRemove?: boolean } | null;
  NetworkSettings?: {
    Ports?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    Networks?: Record<string, unknown> | null;
  } | null;
}

const STATES: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

/** The engine writes "0001-01-01T00:00:00Z" for "never": that maps to undefined. */
export function engineTime(s: string | undefined): number | undefined {
  if (!s || s.startsWith('0001-')) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function mapState(s: string): ContainerState {
  return (STATES as readonly string[]).includes(s) ? (s as ContainerState) : 'dead';
}

function mapHealth(h: { Status?: string } | null | undefined): ContainerHealth {
  switch (h?.Status) {
    case 'starting':
    case 'healthy':
    case 'unhealthy':
      return h.Status;
    default:
      return 'none';
  }
}

/** `{"80/tcp": [{HostIp, HostPort}]}` → one PortView per binding (IPv4 and IPv6 of the same port collapse). */
export function mapPorts(ports: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null | undefined): PortView[] {
  const out: PortView[] = [];
  const seen = new Set<string>();
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [portText, proto = 'tcp'] = key.split('/');
    const privatePort = Number(portText);
    if (!Number.isInteger(privatePort)) continue;
    const protocol = proto === 'udp' || proto === 'sctp' ? proto : 'tcp';
    if (!bindings || bindings.length === 0) {
      out.push({ privatePort, protocol });
      continue;
    }
    for (const b of bindings) {
      const hostPort = Number(b.HostPort);
      if (!Number.isInteger(hostPort) || hostPort <= 0) continue;
      // Docker binds 0.0.0.0 and :: for one -p; show it once.
      const wildcard = b.HostIp === '' || b.HostIp === '0.0.0.0' || b.HostIp === '::';
      const dedupeKey = `${privatePort}/${protocol}:${wildcard ? '*' : b.HostIp}:${hostPort}`;
      if (seen.has(dedupeKey)) continue;
      seen.add(dedupeKey);
      out.push({ privatePort, protocol, hostPort, hostIp: wildcard ? '0.0.0.0' : (b.HostIp ?? '0.0.0.0') });
    }
  }
  return out.sort((a, b) => a.privatePort - b.privatePort || (a.hostPort ?? 0) - (b.hostPort ?? 0));
}

export function composeRef(labels: Record<string, string>): ComposeRef | undefined {
  const project = labels['com.docker.compose.project'];
  if (!project) return undefined;
  const ref: ComposeRef = { project };
  const service = labels['com.docker.compose.service'];
  if (service) ref.service = service;
  const n = Number(labels['com.docker.compose.container-number']);
  if (Number.isInteger(n) && n > 0) ref.number = n;
  return ref;
}

/** Maps an engine inspect answer to the view the panes show. */
export function toContainerView(j: EngineInspect): ContainerView {
  const labels = j.Config?.Labels ?? {};
  const state = mapState(j.State.Status);
  const view: ContainerView = {
    id: j.Id,
    name: j.Name.replace(/^\//, ''),
    image: j.Config?.Image ?? j.Image,
    imageId: j.Image,
    command: [j.Path ?? '', ...(j.Args ?? [])].join(' ').trim(),
    state,
    status: statusLine(j, state),
    health: mapHealth(j.State.Health),
    createdAt: engineTime(j.Created) ?? 0,
    ports: mapPorts(j.NetworkSettings?.Ports),
    networks: Object.keys(j.NetworkSettings?.Networks ?? {}).sort(),
    labels,
    autoRemove: j.HostConfig?.AutoRemove === true,
  };
  const startedAt = engineTime(j.State.StartedAt);
  if (startedAt !== undefined) view.startedAt = startedAt;
  const finishedAt = engineTime(j.State.FinishedAt);
  if (finishedAt !== undefined) view.finishedAt = finishedAt;
  if (state === 'exited' || state === 'dead') view.exitCode = j.State.ExitCode ?? 0;
  const compose = composeRef(labels);
  if (compose) view.compose = compose;
  return view;
}

/** A time-free status line (the UI adds the ticking part), so views only change when state does. */
function statusLine(j: EngineInspect, state: ContainerState): string {
  switch (state) {
    case 'exited':
      return `Exited (${j.State.ExitCode ?? 0})`;
    case 'running': {
      const h = mapHealth(j.State.Health);
      return h === 'none' ? 'Up' : `Up (${h})`;
    }
    default:
      return state.charAt(0).toUpperCase() + state.slice(1);
  }
}
