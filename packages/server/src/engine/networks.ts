import type { ContainerView, NetworkView } from '@phedds/shared';
import type { Engine } from './engine.ts';
import { assertDriver } from './drivers.ts';
import { EngineError, engineMessage, translateEngineError } from './errors.ts';

export interface NetworkSpec {
  name: string;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  labels?: Record<string, string>;
  /** IPv4 or IPv6 CIDR. */
  subnet?: string;
  /** Inside `subnet`. */
  gateway?: string;
}

/** Finds a network as the docker CLI does: full id, then name, then a unique id prefix. */
export function findNetwork(engine: Engine, ref: string): NetworkView | undefined {
  const inv = engine.objects.networks;
  const exact = inv.get(ref);
  if (exact) return exact;
  const all = inv.list();
  const named = all.find((n) => n.name === ref);
  if (named) return named;
  const prefixed = /^[0-9a-f]+$/.test(ref) ? all.filter((n) => n.id.startsWith(ref)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

function resolveNetwork(engine: Engine, ref: string): NetworkView {
  const n = findNetwork(engine, ref);
  if (!n) {
    throw new EngineError(404, 'not_found', `No network "${ref}" on this engine. Check the name or id (GET /api/networks lists them).`, {
      network: ref,
    });
  }
  return n;
}

function resolveContainer(engine: Engine, ref: string): ContainerView {
  const c = engine.containers.find(ref);
  if (!c) {
    throw new EngineError(404, 'not_found', `No container "${ref}" on this engine. Check the name or id; it may have been removed.`, {
      container: ref,
    });
  }
  return c;
}

/** The engine says 403 for "refused in this state" on networks; the API says 409 like elsewhere. */
function networkError(err: unknown, what: string, engine: Engine): EngineError {
  const status = (err as { statusCode?: number }).statusCode;
  const msg = engineMessage(err);
  if (status === 403 || (status === 500 && /not connected|already exists/i.test(msg))) {
    return new EngineError(409, 'conflict', `${what}: the engine refused: ${msg}`);
  }
  return translateEngineError(err, what, engine.address);
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

/** For IPv4, whether `ip` lies inside `cidr`; undefined when it cannot tell (IPv6). */
export function ipv4InSubnet(ip: string, cidr: string): boolean | undefined {
  const [base, bitsText] = cidr.split('/');
  const a = ipv4ToInt(ip);
  const b = ipv4ToInt(base ?? '');
  const bits = Number(bitsText);
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}

/** Creates a network and answers once the inventory shows it. */
export async function createNetwork(engine: Engine, spec: NetworkSpec): Promise<NetworkView> {
  engine.assertUp();
  if (findNetwork(engine, spec.name)?.name === spec.name) {
    throw new EngineError(409, 'conflict', `A network named "${spec.name}" already exists. Choose another name, or use that one.`, {
      network: spec.name,
    });
  }
  if (spec.gateway && spec.subnet && ipv4InSubnet(spec.gateway, spec.subnet) === false) {
    throw new EngineError(
      400,
      'bad_request',
      `The gateway ${spec.gateway} is not inside the subnet ${spec.subnet}. Pick an address of the subnet.`,
      [{ field: 'body.gateway', problem: `must be inside ${spec.subnet}` }],
    );
  }
  await assertDriver(engine, 'network', spec.driver);
  let id: string;
  try {
    const created = await engine.docker.createNetwork({
      Name: spec.name,
      CheckDuplicate: true,
      ...(spec.driver ? { Driver: spec.driver } : {}),
      ...(spec.internal !== undefined ? { Internal: spec.internal } : {}),
      ...(spec.attachable !== undefined ? { Attachable: spec.attachable } : {}),
      ...(spec.labels ? { Labels: spec.labels } : {}),
      ...(spec.subnet ? { IPAM: { Config: [{ Subnet: spec.subnet, ...(spec.gateway ? { Gateway: spec.gateway } : {}) }] } } : {}),
    });
    id = created.id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) {
      throw new EngineError(
        400,
        'bad_request',
        `The engine has no network driver "${spec.driver ?? ''}": ${engineMessage(err)}. Use bridge, or install the plugin.`,
      );
    }
    throw networkError(err, `create network ${spec.name}`, engine);
  }
  engine.objects.networks.refresh(id);
  await engine.objects.networks.settled(id);
  const view = engine.objects.networks.get(id);
  if (!view)
    throw new EngineError(
      502,
      'engine_error',
      `The engine created network ${spec.name} but no longer lists it; it may have been removed at once.`,
    );
  return view;
}

/** Running (or paused) containers attached to a network: what keeps the engine from removing it. */
function activeUsers(engine: Engine, network: NetworkView): ContainerView[] {
  return engine.containers
    .list()
    .filter((c) => c.networks.includes(network.name) && (c.state === 'running' || c.state === 'paused' || c.state === 'restarting'));
}

export async function removeNetwork(engine: Engine, ref: string): Promise<string> {
  engine.assertUp();
  const n = resolveNetwork(engine, ref);
  if (n.builtIn) {
    throw new EngineError(409, 'conflict', `"${n.name}" is built into the engine and cannot be removed.`, { network: n.name });
  }
  try {
    await engine.docker.getNetwork(n.id).remove();
  } catch (err) {
    const e = networkError(err, `remove network ${n.name}`, engine);
    if (e.code === 'conflict' && /active endpoints/i.test(e.message)) {
      const users = activeUsers(engine, n);
      const names = users.map((c) => c.name);
      throw new EngineError(
        409,
        'in_use',
        names.length > 0
          ? `Network "${n.name}" is in use by ${names.join(', ')}. Disconnect or stop ${names.length > 1 ? 'them' : 'it'} first, then remove the network.`
          : `Network "${n.name}" still has containers attached. Disconnect or stop them first, then remove the network.`,
        { network: n.name, containers: users.map((c) => ({ id: c.id, name: c.name })) },
      );
    }
    throw e;
  }
  engine.objects.networks.refresh(n.id);
  await engine.objects.networks.settled(n.id);
  return n.id;
}

/** Connects or disconnects a container, and answers once the container's view shows the change. */
export async function connectContainer(
  engine: Engine,
  ref: string,
  containerRef: string,
  connect: boolean,
  opts: { aliases?: string[]; force?: boolean } = {},
): Promise<{ network: NetworkView; container: ContainerView }> {
  engine.assertUp();
  const n = resolveNetwork(engine, ref);
  const c = resolveContainer(engine, containerRef);
  const net = engine.docker.getNetwork(n.id);
  try {
    if (connect) {
      await net.connect({ Container: c.id, ...(opts.aliases?.length ? { EndpointConfig: { Aliases: opts.aliases } } : {}) });
    } else {
      await net.disconnect({ Container: c.id, ...(opts.force ? { Force: true } : {}) });
    }
  } catch (err) {
    throw networkError(err, `${connect ? 'connect' : 'disconnect'} ${c.name} ${connect ? 'to' : 'from'} ${n.name}`, engine);
  }
  engine.containers.refresh(c.id);
  await engine.containers.settled(c.id);
  return { network: engine.objects.networks.get(n.id) ?? n, container: engine.containers.get(c.id) ?? c };
}

/** The engine's full inspect answer, for the details view. */
export async function inspectNetwork(engine: Engine, ref: string): Promise<{ network: NetworkView; inspect: unknown }> {
  engine.assertUp();
  const n = resolveNetwork(engine, ref);
  try {
    return { network: n, inspect: await engine.docker.getNetwork(n.id).inspect() };
  } catch (err) {
    throw networkError(err, `inspect network ${n.name}`, engine);
  }
}
