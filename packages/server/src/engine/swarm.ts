import type { Engine } from './engine.ts';
import { translateEngineError } from './errors.ts';

/**
 * Engine calls for stacks on a Swarm: services, networks, configs and secrets carrying docker
 * stack's namespace label, and the tasks of those services.
 */

export const NAMESPACE_LABEL = 'com.docker.stack.namespace';

/** Whether the engine is a Swarm manager (only a manager can deploy services). */
export async function isSwarmManager(engine: Engine): Promise<boolean> {
  try {
    const info = (await engine.docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
    return info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true;
  } catch (err) {
    throw translateEngineError(err, 'read the engine info', engine.address);
  }
}

export interface SwarmServiceInfo {
  id: string;
  name: string;
  version: number;
  namespace: string;
  spec: Record<string, unknown>;
}

export async function listStackServices(engine: Engine, namespace?: string): Promise<SwarmServiceInfo[]> {
  try {
    const list = (await engine.docker.listServices({
      filters: { label: [namespace ? `${NAMESPACE_LABEL}=${namespace}` : NAMESPACE_LABEL] },
    })) as unknown as {
      ID: string;
      Version: { Index: number };
      Spec: Record<string, unknown> & { Name: string; Labels?: Record<string, string> };
    }[];
    return list.map((s) => ({
      id: s.ID,
      name: s.Spec.Name,
      version: s.Version.Index,
      namespace: s.Spec.Labels?.[NAMESPACE_LABEL] ?? '',
      spec: s.Spec,
    }));
  } catch (err) {
    throw translateEngineError(err, 'list the Swarm services', engine.address);
  }
}

export interface SwarmTaskInfo {
  id: string;
  serviceId: string;
  slot?: number;
  nodeId?: string;
  state: string;
  desiredState: string;
  message?: string;
  error?: string;
  containerId?: string;
}

/**
 * The tasks of some services. `removed`: the services were just removed, so the engine no longer
 * filters by them (it answers 404); their tasks, still shutting down, are picked from the whole list.
 */
export async function listServiceTasks(engine: Engine, serviceIds: string[], removed = false): Promise<SwarmTaskInfo[]> {
  if (serviceIds.length === 0) return [];
  try {
    const raw = await engine.docker.listTasks(removed ? {} : { filters: { service: serviceIds } });
    const wanted = new Set(serviceIds);
    const list = (raw as unknown as { ServiceID: string }[]).filter((t) => wanted.has(t.ServiceID)) as unknown as {
      ID: string;
      ServiceID: string;
      Slot?: number;
      NodeID?: string;
      DesiredState: string;
      Status: { State: string; Message?: string; Err?: string; ContainerStatus?: { ContainerID?: string } };
    }[];
    return list.map((t) => ({
      id: t.ID,
      serviceId: t.ServiceID,
      ...(t.Slot !== undefined ? { slot: t.Slot } : {}),
      ...(t.NodeID ? { nodeId: t.NodeID } : {}),
      state: t.Status.State,
      desiredState: t.DesiredState,
      ...(t.Status.Message ? { message: t.Status.Message } : {}),
      ...(t.Status.Err ? { error: t.Status.Err } : {}),
      ...(t.Status.ContainerStatus?.ContainerID ? { containerId: t.Status.ContainerStatus.ContainerID } : {}),
    }));
  } catch (err) {
    throw translateEngineError(err, 'list the Swarm tasks', engine.address);
  }
}

export async function nodeNames(engine: Engine): Promise<Map<string, string>> {
  try {
    const nodes = (await engine.docker.listNodes()) as unknown as { ID: string; Description?: { Hostname?: string } }[];
    return new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID.slice(0, 12)]));
  } catch (err) {
    throw translateEngineError(err, 'list the Swarm nodes', engine.address);
  }
}

export async function createService(engine: Engine, spec: Record<string, unknown>): Promise<string> {
  try {
    const s = (await engine.docker.createService(spec)) as unknown as { id?: string; ID?: string };
    return s.id ?? s.ID ?? '';
  } catch (err) {
    throw translateEngineError(err, `create service ${String(spec.Name)}`, engine.address);
  }
}

export async function updateService(engine: Engine, id: string, version: number, spec: Record<string, unknown>): Promise<void> {
  try {
    await engine.docker.getService(id).update({ ...spec, version });
  } catch (err) {
    throw translateEngineError(err, `update service ${String(spec.Name)}`, engine.address);
  }
}

export async function removeService(engine: Engine, id: string): Promise<void> {
  try {
    await engine.docker.getService(id).remove();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return;
    throw translateEngineError(err, `remove service ${id}`, engine.address);
  }
}

export interface NamedObject {
  id: string;
  name: string;
}

type Kind = 'network' | 'config' | 'secret';

/** The networks, configs or secrets of a namespace. */
export async function listNamespaced(engine: Engine, kind: Kind, namespace: string): Promise<NamedObject[]> {
  const filters = { label: [`${NAMESPACE_LABEL}=${namespace}`] };
  try {
    if (kind === 'network') return (await engine.docker.listNetworks({ filters })).map((n) => ({ id: n.Id, name: n.Name }));
    const list = (kind === 'config'
      ? await engine.docker.listConfigs({ filters })
      : await engine.docker.listSecrets({ filters })) as unknown as {
      ID: string;
      Spec: { Name: string };
    }[];
    return list.map((o) => ({ id: o.ID, name: o.Spec.Name }));
  } catch (err) {
    throw translateEngineError(err, `list the ${kind}s of ${namespace}`, engine.address);
  }
}

/** Finds any object of that name (external ones have no namespace label). */
export async function findByName(engine: Engine, kind: Kind, name: string): Promise<NamedObject | undefined> {
  try {
    if (kind === 'network') {
      const n = (await engine.docker.listNetworks({ filters: { name: [name] } })).find((x) => x.Name === name);
      return n ? { id: n.Id, name: n.Name } : undefined;
    }
    const list = (kind === 'config'
      ? await engine.docker.listConfigs({ filters: { name: [name] } })
      : await engine.docker.listSecrets({ filters: { name: [name] } })) as unknown as {
      ID: string;
      Spec: { Name: string };
    }[];
    const o = list.find((x) => x.Spec.Name === name);
    return o ? { id: o.ID, name: o.Spec.Name } : undefined;
  } catch (err) {
    throw translateEngineError(err, `find ${kind} ${name}`, engine.address);
  }
}

export async function createNamespaced(engine: Engine, kind: Kind, spec: Record<string, unknown>): Promise<string> {
  try {
    if (kind === 'network') return (await engine.docker.createNetwork({ ...spec, CheckDuplicate: true } as never)).id;
    const r = (kind === 'config' ? await engine.docker.createConfig(spec) : await engine.docker.createSecret(spec)) as unknown as {
      id?: string;
      ID?: string;
    };
    return r.id ?? r.ID ?? '';
  } catch (err) {
    throw translateEngineError(err, `create ${kind} ${String(spec.Name)}`, engine.address);
  }
}

export async function removeNamespaced(engine: Engine, kind: Kind, id: string): Promise<void> {
  try {
    if (kind === 'network') await engine.docker.getNetwork(id).remove();
    else if (kind === 'config') await engine.docker.getConfig(id).remove();
    else await engine.docker.getSecret(id).remove();
  } catch (err) {
    const code = (err as { statusCode?: number }).statusCode;
    if (code === 404) return;
    throw translateEngineError(err, `remove ${kind} ${id}`, engine.address);
  }
}
