/** The states the engine reports for a container. */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** Health as reported by a container's HEALTHCHECK; `none` when it has none. */
export type ContainerHealth = 'none' | 'starting' | 'healthy' | 'unhealthy';

/** One published port: `hostPort` is absent when the port is only exposed. */
export interface PortView {
  /** Port inside the container. */
  privatePort: number;
  /** Port on the engine's host, when published. */
  hostPort?: number;
  /** Host address the port is bound to (`0.0.0.0`, `::`, `127.0.0.1`…), when published. */
  hostIp?: string;
  protocol: 'tcp' | 'udp' | 'sctp';
}

/** Compose project membership, from the labels `docker compose` writes. */
export interface ComposeRef {
  project: string;
  service?: string;
  /** `com.docker.compose.container-number`, when present. */
  number?: number;
}

/** A container as Phedds shows it: our shape, not the engine's JSON. */
export interface ContainerView {
  /** Full 64-hex id. */
  id: string;
  /** Name without the leading slash. */
  name: string;
  /** Image reference as the container was created with it. */
  image: string;
  imageId: string;
  command: string;
  state: ContainerState;
  /** The engine's one-line status, e.g. "Up 3 minutes (healthy)". */
  status: string;
  health: ContainerHealth;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds of the last start; absent when never started. */
  startedAt?: number;
  /** Epoch milliseconds of the last exit; absent when it never exited. */
  finishedAt?: number;
  exitCode?: number;
  ports: PortView[];
  /** Names of the networks the container is attached to. */
  networks: string[];
  labels: Record<string, string>;
  compose?: ComposeRef;
  /** Started with `--rm`: stopping it deletes it. */
  autoRemove: boolean;
}

/** Lifecycle actions the REST API exposes as `POST /api/containers/:id/<action>`. */
export const CONTAINER_ACTIONS = ['start', 'stop', 'restart', 'pause', 'unpause', 'kill'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/** Which actions make sense in a given state (the UI offers only these; the engine has the last word). */
export function actionsFor(state: ContainerState): ContainerAction[] {
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'pause', 'kill'];
    case 'paused':
      return ['unpause', 'kill'];
    case 'restarting':
      return ['stop', 'kill'];
    case 'created':
    case 'exited':
    case 'dead':
      return ['start'];
    case 'removing':
      return [];
  }
}
