import Docker from 'dockerode';

export type DockerClient = Docker;

export interface EngineTarget {
  /** As given: `unix:///path/docker.sock`, `tcp://host:port`, or a bare socket path. */
  address: string;
  options: Docker.DockerOptions;
}

/** Resolves the engine address from a flag, then DOCKER_HOST, then the default socket. */
export function resolveEngineAddress(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

/** Parses an engine address into dockerode options; throws a readable error for anything else. */
export function parseEngineAddress(address: string): EngineTarget {
  if (address.startsWith('/')) return { address: `unix://${address}`, options: { socketPath: address } };
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error(`engine address "${address}" is not a URL; use unix:///path/to/docker.sock or tcp://host:2375`);
  }
  if (url.protocol === 'unix:') return { address, options: { socketPath: url.pathname } };
  if (url.protocol === 'tcp:' || url.protocol === 'http:') {
    // Plain TCP gives root on the host to anyone on the path; TLS engines arrive with the clusters work.
    return { address, options: { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' } };
  }
  throw new Error(`engine address "${address}" has an unsupported scheme ${url.protocol}; use unix:// or tcp://`);
}

/**
 * Two clients per engine: requests time out (a hung engine must not hang the API), streams do not
 * (docker-modem's timeout is an idle timeout, which would cut a quiet event stream).
 */
export function createClients(target: EngineTarget, requestTimeoutMs = 10_000): { requests: Docker; streams: Docker } {
  return {
    requests: new Docker({ ...target.options, timeout: requestTimeoutMs }),
    streams: new Docker({ ...target.options }),
  };
}
