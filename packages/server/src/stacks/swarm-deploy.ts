import type { Engine } from '../engine/engine.ts';
import {
  createNamespaced,
  createService,
  findByName,
  listServiceTasks,
  listStackServices,
  removeNamespaced,
  removeService,
  updateService,
  listNamespaced,
} from '../engine/swarm.ts';
import { DeployFailure, type Emit } from './deploy.ts';
import type { SwarmSpecs } from './swarm-spec.ts';

/** How long a deploy watches tasks converge before answering (the page keeps showing them live). */
const CONVERGE_MS = 60_000;

/**
 * Deploys a stack to a Swarm as docker stack deploy does: networks, configs and secrets first
 * (created when missing; configs and secrets are immutable, so an existing one is kept), then
 * services created or updated. Tasks are watched until every service runs its replicas; a service
 * whose tasks fail is named, and every service spec changed by this deploy is put back.
 */
export async function deployToSwarm(engine: Engine, namespace: string, specs: SwarmSpecs, emit: Emit): Promise<void> {
  const undo: { what: string; run: () => Promise<void> }[] = [];
  let current: string | undefined;
  // Services name their configs and secrets by id as well as by name.
  const ids = new Map<string, string>();
  try {
    for (const kind of ['network', 'config', 'secret'] as const) {
      const list = kind === 'network' ? specs.networks : kind === 'config' ? specs.configs : specs.secrets;
      for (const o of list) {
        const found = await findByName(engine, kind, o.name);
        if (found) {
          ids.set(`${kind}:${o.name}`, found.id);
          continue;
        }
        if (o.external) throw new DeployFailure(`The external ${kind} ${o.name} does not exist: create it first.`, undefined, kind);
        const id = await createNamespaced(engine, kind, o.spec);
        ids.set(`${kind}:${o.name}`, id);
        undo.push({ what: `${kind} ${o.name}`, run: () => removeNamespaced(engine, kind, id) });
        emit({ step: kind, status: 'done', message: `created ${kind} ${o.name}` });
      }
    }
    const existing = new Map((await listStackServices(engine, namespace)).map((s) => [s.name, s]));
    for (const svc of specs.services) {
      current = svc.key;
      const old = existing.get(svc.name);
      withIds(svc.spec, ids);
      if (old) {
        await updateService(engine, old.id, old.version, svc.spec);
        undo.push({
          what: `restore ${svc.name}`,
          run: async () => {
            const now = (await listStackServices(engine, namespace)).find((s) => s.id === old.id);
            if (now) await updateService(engine, old.id, now.version, old.spec);
          },
        });
        emit({ service: svc.key, step: 'create', status: 'done', message: `updated service ${svc.name}` });
      } else {
        const id = await createService(engine, svc.spec);
        undo.push({ what: `remove ${svc.name}`, run: () => removeService(engine, id) });
        emit({ service: svc.key, step: 'create', status: 'done', message: `created service ${svc.name}` });
      }
    }
    current = undefined;
    await converge(engine, namespace, specs, emit);
  } catch (err) {
    const f = err instanceof DeployFailure ? err : new DeployFailure((err as Error).message, current, 'create');
    emit({ ...(f.service ? { service: f.service } : {}), step: f.step ?? 'create', status: 'failed', message: f.message });
    emit({ step: 'rollback', status: 'running', message: 'putting the previous version back' });
    for (const u of undo.reverse()) {
      try {
        await u.run();
      } catch (e) {
        emit({ step: 'rollback', status: 'failed', message: `could not ${u.what}: ${(e as Error).message}` });
      }
    }
    emit({ step: 'rollback', status: 'done', message: 'the previous version is back' });
    throw f;
  }
  const wanted = new Set(specs.services.map((s) => s.name));
  for (const s of await listStackServices(engine, namespace)) {
    if (wanted.has(s.name)) continue;
    await removeService(engine, s.id);
    emit({ service: s.name, step: 'remove', status: 'done', message: `removed service ${s.name} (no longer in the file)` });
  }
}

async function converge(engine: Engine, namespace: string, specs: SwarmSpecs, emit: Emit): Promise<void> {
  const deadline = Date.now() + CONVERGE_MS;
  const reported = new Map<string, string>();
  for (;;) {
    const services = (await listStackServices(engine, namespace)).filter((s) => specs.services.some((x) => x.name === s.name));
    const tasks = await listServiceTasks(
      engine,
      services.map((s) => s.id),
    );
    let done = true;
    for (const s of services) {
      const key = specs.services.find((x) => x.name === s.name)!.key;
      const mine = tasks.filter((t) => t.serviceId === s.id && t.desiredState === 'running');
      const running = mine.filter((t) => t.state === 'running').length;
      const mode = s.spec.Mode as { Replicated?: { Replicas?: number } } | undefined;
      const desired = mode?.Replicated ? (mode.Replicated.Replicas ?? 1) : mine.length;
      const failed = tasks.filter((t) => t.serviceId === s.id && (t.state === 'failed' || t.state === 'rejected') && t.error);
      if (running < desired && failed.length >= 3 && running === 0) {
        throw new DeployFailure(`Service ${key} cannot start its tasks: ${failed[0]!.error}`, key, 'start');
      }
      const line = `${running}/${desired} running`;
      if (reported.get(key) !== line) {
        reported.set(key, line);
        emit({ service: key, step: 'start', status: running >= desired ? 'done' : 'running', message: line });
      }
      if (running < desired) done = false;
    }
    if (done) return;
    if (Date.now() > deadline) {
      emit({ step: 'start', status: 'done', message: 'not every replica runs yet; the Swarm keeps converging (watch the service list)' });
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** docker stack rm: services, then networks, configs and secrets of the namespace. */
export async function downOnSwarm(engine: Engine, namespace: string, emit: Emit): Promise<void> {
  const services = await listStackServices(engine, namespace);
  for (const s of services) {
    await removeService(engine, s.id);
    emit({ service: s.name, step: 'remove', status: 'done', message: `removed service ${s.name}` });
  }
  // The Swarm shuts the tasks down after answering; what they use can only go once they are gone.
  const tasksGone = Date.now() + 30_000;
  while (
    (
      await listServiceTasks(
        engine,
        services.map((s) => s.id),
        true,
      )
    ).length > 0 &&
    Date.now() < tasksGone
  ) {
    await new Promise((r) => setTimeout(r, 250));
  }
  // Configs, secrets and networks go once the services' tasks are gone: the engine refuses while one
  // is still in use, so each is retried for a while.
  const deadline = Date.now() + 30_000;
  for (const kind of ['config', 'secret', 'network'] as const) {
    for (const o of await listNamespaced(engine, kind, namespace)) {
      for (;;) {
        try {
          await removeNamespaced(engine, kind, o.id);
          emit({ step: kind, status: 'done', message: `removed ${kind} ${o.name}` });
          break;
        } catch (err) {
          if (Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    }
  }
  // A removed overlay network disappears once every node let go of it.
  while ((await listNamespaced(engine, 'network', namespace)).length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
  }
}

function withIds(spec: Record<string, unknown>, ids: Map<string, string>): void {
  const c = (spec.TaskTemplate as { ContainerSpec: { Configs?: Record<string, unknown>[]; Secrets?: Record<string, unknown>[] } })
    .ContainerSpec;
  for (const r of c.Configs ?? []) r.ConfigID = ids.get(`config:${String(r.ConfigName)}`) ?? '';
  for (const r of c.Secrets ?? []) r.SecretID = ids.get(`secret:${String(r.SecretName)}`) ?? '';
}
