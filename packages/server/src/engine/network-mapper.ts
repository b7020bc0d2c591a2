import { BUILT_IN_NETWORKS, type NetworkLink, type NetworkView } from '@phedds/shared';
import { composeRef, engineTime } from './container-mapper.ts';

/**
 * The subset of the engine's `GET /networks` and `GET /networks/{id}` answers that Phedds reads
 * (both have this shape). Typed here so recorded JSON fixtures check against it.
 */
export interface EngineNetwork {
  Id: string;
  Name: string;
  Created?: string;
  Scope?: string;
  Driver?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null } | null;
  Labels?: Record<string, string> | null;
  /** Only in inspect answers, and only for running containers: Phedds reads attachments from containers instead. */
  Containers?: Record<string, { Name?: string }> | null;
}

/** Maps an engine network to our view; `links` come from the containers (the network does not list them). */
export function toNetworkView(n: EngineNetwork, links: NetworkLink[] = []): NetworkView {
  const labels = n.Labels ?? {};
  const view: NetworkView = {
    id: n.Id,
    name: n.Name,
    driver: n.Driver ?? '',
    scope: n.Scope ?? 'local',
    internal: n.Internal === true,
    attachable: n.Attachable === true,
    builtIn: BUILT_IN_NETWORKS.includes(n.Name) && (n.Scope ?? 'local') === 'local',
    subnets: (n.IPAM?.Config ?? []).flatMap((c) =>
      c.Subnet ? [c.Gateway ? { subnet: c.Subnet, gateway: c.Gateway } : { subnet: c.Subnet }] : [],
    ),
    createdAt: engineTime(n.Created) ?? 0,
    labels,
    links,
  };
  const compose = composeRef(labels);
  if (compose) {
    const key = labels['com.docker.compose.network'];
    view.compose = key ? { project: compose.project, service: key } : { project: compose.project };
  }
  return view;
}
