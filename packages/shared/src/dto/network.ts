import type { ComposeRef } from './container.ts';

/** One address range of a network (from its IPAM configuration). */
export interface SubnetView {
  /** CIDR, e.g. `172.18.0.0/16`. */
  subnet: string;
  gateway?: string;
}

/**
 * A declared link from one container to another on a network: the legacy `--link name:alias`
 * (kept by the engine on the default bridge) or a link given when connecting to a user network.
 */
export interface NetworkLink {
  /** Id of the container that declared the link. */
  container: string;
  /** Name of the container it links to (the engine stores links by name). */
  target: string;
  /** The host name the linking container uses for the target. */
  alias: string;
}

/** A network as Phedds shows it: our shape, not the engine's JSON. */
export interface NetworkView {
  /** Full 64-hex id. */
  id: string;
  name: string;
  /** `bridge`, `overlay`, `host`, `null`, `macvlan`… */
  driver: string;
  /** `local`, `swarm` or `global`. */
  scope: string;
  /** No route outside: containers on it reach only each other. */
  internal: boolean;
  /** Standalone containers may join a swarm-scoped network. */
  attachable: boolean;
  /** `bridge`, `host` and `none`: built into the engine, they cannot be removed. */
  builtIn: boolean;
  subnets: SubnetView[];
  /** Epoch milliseconds; 0 when the engine does not say. */
  createdAt: number;
  labels: Record<string, string>;
  /** Compose project, from the labels `docker compose` writes (`service` is the network's key in the file). */
  compose?: ComposeRef;
  /** Links declared between containers on this network, sorted. */
  links: NetworkLink[];
}

/** The networks every engine has and that cannot be removed. */
export const BUILT_IN_NETWORKS: readonly string[] = ['bridge', 'host', 'none'];
