import type { DeployPlan, PlanServiceAction, StackRole } from '@phedds/shared';
import { closeSync, fstatSync, openSync, readSync, constants as fsc } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Engine } from '../engine/engine.ts';
import { findByName, listStackServices, updateService } from '../engine/swarm.ts';
import { DeployFailure, type Emit } from './deploy.ts';
import { lineDiff, trimDiff } from './diff.ts';
import { changedKeys } from './plan.ts';
import { outsideFolder } from './policy.ts';
import { toSwarmSpecs } from './swarm-spec.ts';
import type { ValidatedStack } from './validate.ts';

const MAX_BLOB_BYTES = 500 * 1024;

/** A config or secret file: inside the stack's folder, or anywhere for an admin; never a symlink out. */
export function readStackFile(path: string, dir: string, role: StackRole): Buffer | undefined {
  if (role !== 'admin' && outsideFolder(path)) return undefined;
  const full = resolve(dir, path);
  if (role !== 'admin' && !full.startsWith(dir + sep)) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(full, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_BLOB_BYTES) return undefined;
    const buf = Buffer.alloc(st.size);
    readSync(fd, buf, 0, st.size, 0);
    return buf;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What a Swarm deploy will do: services created, updated (when their spec changed) or removed. */
export async function swarmPlan(
  engine: Engine,
  name: string,
  v: ValidatedStack,
  previous: { compose: string; raw?: Record<string, Record<string, unknown>> } | undefined,
  compose: string,
  dir: string,
  role: StackRole,
): Promise<DeployPlan> {
  let specs;
  try {
    specs = toSwarmSpecs({ namespace: name, data: v.data!, vars: v.vars, readFile: (p) => readStackFile(p, dir, role) });
  } catch (err) {
    throw new DeployFailure((err as Error).message, undefined, 'config');
  }
  const existing = new Map((await listStackServices(engine, name)).map((s) => [s.name, s]));
  const services: PlanServiceAction[] = specs.services.map((s) => {
    const old = existing.get(s.name);
    existing.delete(s.name);
    const mode = s.spec.Mode as { Replicated?: { Replicas: number } };
    const replicas = mode.Replicated?.Replicas ?? 1;
    if (!old) return { service: s.key, action: 'create', reason: 'new service', replicas };
    const changes = changedKeys(previous?.raw?.[s.key], (v.data!.services as Record<string, Record<string, unknown>>)[s.key]!);
    const same = JSON.stringify(normalise(old.spec)) === JSON.stringify(normalise(s.spec));
    return same
      ? { service: s.key, action: 'keep', reason: 'unchanged', replicas }
      : {
          service: s.key,
          action: 'recreate',
          reason: changes.length ? `changed: ${changes.join(', ')} (rolling update)` : 'its spec changed (rolling update)',
          replicas,
          ...(changes.length ? { changes } : {}),
        };
  });
  for (const old of existing.values())
    services.push({ service: old.name.slice(name.length + 1), action: 'remove', reason: 'no longer in the file', replicas: 0 });
  const resources = [];
  for (const [kind, list] of [
    ['network', specs.networks],
    ['config', specs.configs],
    ['secret', specs.secrets],
  ] as const) {
    for (const o of list) {
      if (o.external) continue;
      resources.push({ kind, name: o.name, action: (await findByName(engine, kind, o.name)) ? ('keep' as const) : ('create' as const) });
    }
  }
  return {
    stack: name,
    target: 'swarm',
    services,
    resources,
    diff: previous ? trimDiff(lineDiff(previous.compose, compose)) : [],
    warnings: v.issues.filter((i) => i.severity === 'warning'),
  };
}

/** The engine answers specs with network ids and defaults filled in; compare what the file controls. */
function normalise(spec: Record<string, unknown>): unknown {
  const t = (spec.TaskTemplate ?? {}) as Record<string, unknown>;
  const c = (t.ContainerSpec ?? {}) as Record<string, unknown>;
  return {
    labels: spec.Labels,
    mode: spec.Mode,
    image: c.Image,
    args: c.Args,
    command: c.Command,
    env: c.Env,
    ports: (spec.EndpointSpec as { Ports?: unknown } | undefined)?.Ports ?? [],
  };
}

/** Sets a Swarm service's replicas (docker service scale). */
export async function scaleSwarmService(engine: Engine, namespace: string, service: string, replicas: number, emit: Emit): Promise<void> {
  const s = (await listStackServices(engine, namespace)).find((x) => x.name === `${namespace}_${service}`);
  if (!s) throw new DeployFailure(`No service ${namespace}_${service} on the Swarm.`, service, 'create');
  const mode = s.spec.Mode as { Replicated?: { Replicas?: number } } | undefined;
  if (!mode?.Replicated)
    throw new DeployFailure(`${service} runs in global mode: one task per node, it cannot be scaled.`, service, 'create');
  await updateService(engine, s.id, s.version, { ...s.spec, Mode: { Replicated: { Replicas: replicas } } });
  emit({ service, step: 'start', status: 'done', message: `${service}: ${replicas} replica${replicas === 1 ? '' : 's'} wanted` });
}
