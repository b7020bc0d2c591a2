import type { ContainerView, DeployEvent } from '@phedds/shared';
import type { Engine } from '../engine/engine.ts';
import {
  connectNetwork,
  createContainer,
  createNetwork,
  createVolume,
  imageId,
  networkExists,
  pullImage,
  removeContainerById,
  removeNetwork,
  removeVolume,
  renameContainer,
  startContainer,
  stopContainer,
  volumeExists,
} from '../engine/compose.ts';
import { EngineError } from '../engine/errors.ts';
import type { ProjectModel, ServiceModel } from './compose-model.ts';
import { COMPOSE_VERSION } from './config-hash.ts';
import { containerSpec, LABELS, stopTimeout } from './container-spec.ts';
import type { ServiceState } from './plan.ts';
import { text } from './service-process.ts';
import { settle, waitForCondition } from './wait.ts';

export type Emit = (e: Omit<DeployEvent, 'time'>) => void;

/** A deploy that stopped: which service (when one is to blame), at which step, and the engine's reason. */
export class DeployFailure extends Error {
  constructor(
    message: string,
    readonly service?: string,
    readonly step?: DeployEvent['step'],
  ) {
    super(message);
  }
}

function reason(err: unknown): string {
  return err instanceof EngineError || err instanceof Error ? err.message : text(err);
}

/**
 * Makes sure every image is on the engine: present ones are used as they are (never pulled, so
 * nothing needs a registry), missing ones are pulled unless `pull_policy: never`. Nothing else has
 * been touched yet, so a failure here changes nothing.
 */
export async function ensureImages(engine: Engine, model: ProjectModel, emit: Emit): Promise<Map<string, string | null>> {
  const ids = new Map<string, string | null>();
  for (const s of model.services) {
    const ref = s.image!;
    if (ids.has(ref) && ids.get(ref)) continue;
    let id = await imageId(engine, ref);
    const policy = text(s.raw.pull_policy ?? 'missing');
    if (id && policy !== 'always') {
      emit({ service: s.name, step: 'pull', status: 'done', message: `${ref} is on the engine` });
    } else {
      if (policy === 'never')
        throw new DeployFailure(
          `The image ${ref} is not on the engine and pull_policy is "never": load or build it on the engine first.`,
          s.name,
          'pull',
        );
      emit({ service: s.name, step: 'pull', status: 'running', message: `pulling ${ref}` });
      let last = 0;
      try {
        await pullImage(engine, ref, (line) => {
          if (Date.now() - last < 250) return;
          last = Date.now();
          emit({ service: s.name, step: 'pull', status: 'running', message: line });
        });
      } catch (err) {
        throw new DeployFailure(
          `The image ${ref} is not on the engine and pulling it failed: ${reason(err)}. Build or load it on the engine, or check the registry.`,
          s.name,
          'pull',
        );
      }
      id = await imageId(engine, ref);
      if (!id) throw new DeployFailure(`The image ${ref} is still missing after the pull.`, s.name, 'pull');
      emit({ service: s.name, step: 'pull', status: 'done', message: `pulled ${ref}` });
    }
    ids.set(ref, id);
  }
  return ids;
}

export interface EngineDeployInput {
  engine: Engine;
  model: ProjectModel;
  states: ServiceState[];
  /** Services on the engine that the file no longer has. */
  removeServices: ContainerView[];
  configFiles: string;
  emit: Emit;
}

/**
 * Applies a plan to one engine. Everything it does is journaled: on any failure the journal is
 * played backwards (new containers removed, replaced ones renamed back and restarted, networks and
 * volumes created by this deploy removed), so the previous version keeps running. Old containers
 * are only removed once every service is up.
 */
export async function deployToEngine(input: EngineDeployInput): Promise<void> {
  const { engine, model, emit } = input;
  const undo: { what: string; run: () => Promise<void> }[] = [];
  const afterSuccess: (() => Promise<void>)[] = [];
  const idsOf = new Map<string, string[]>();
  const started: { id: string; service: string }[] = [];
  let current: string | undefined;
  let step: DeployEvent['step'] = 'network';
  try {
    const usedNets = new Set(model.services.flatMap((s) => s.networks.map(([n]) => n)));
    for (const n of model.networks.values()) {
      if (!usedNets.has(n.name)) continue;
      if (await networkExists(engine, n.name)) continue;
      if (n.external)
        throw new DeployFailure(
          `The external network ${n.name} does not exist: create it first (docker network create ${n.name}).`,
          undefined,
          'network',
        );
      const r = n.raw;
      await createNetwork(engine, {
        Name: n.name,
        Driver: r.driver ?? 'bridge',
        ...(r.driver_opts ? { Options: r.driver_opts } : {}),
        ...(r.ipam ? { IPAM: ipam(r.ipam as Record<string, unknown>) } : {}),
        Internal: Boolean(r.internal),
        Attachable: true,
        EnableIPv6: Boolean(r.enable_ipv6),
        CheckDuplicate: true,
        Labels: { ...labels(r.labels), [LABELS.network]: n.key, [LABELS.project]: model.name, [LABELS.version]: COMPOSE_VERSION },
      });
      undo.push({ what: `network ${n.name}`, run: () => removeNetwork(engine, n.name) });
      emit({ step: 'network', status: 'done', message: `created network ${n.name}` });
    }
    step = 'volume';
    for (const v of model.volumes.values()) {
      if (await volumeExists(engine, v.name)) continue;
      if (v.external)
        throw new DeployFailure(
          `The external volume ${v.name} does not exist: create it first (docker volume create ${v.name}).`,
          undefined,
          'volume',
        );
      await createVolume(engine, {
        Name: v.name,
        Driver: v.raw.driver ?? 'local',
        ...(v.raw.driver_opts ? { DriverOpts: v.raw.driver_opts } : {}),
        Labels: { ...labels(v.raw.labels), [LABELS.project]: model.name, [LABELS.volume]: v.key, [LABELS.version]: COMPOSE_VERSION },
      });
      undo.push({ what: `volume ${v.name}`, run: () => removeVolume(engine, v.name) });
      emit({ step: 'volume', status: 'done', message: `created volume ${v.name}` });
    }

    for (const st of input.states) {
      const s = st.service;
      current = s.name;
      step = 'wait';
      for (const [dep, cond] of Object.entries(s.dependsOn)) {
        const depModel = model.services.find((x) => x.name === dep)!;
        emit({ service: s.name, step: 'wait', status: 'running', message: `waiting for ${dep} (${cond.condition})` });
        await waitForCondition(engine, depModel, idsOf.get(dep) ?? [], cond.condition);
      }
      const hash = st.hash!;
      const ctx = (n: number) => ({
        number: n,
        hash,
        configFiles: input.configFiles,
        serviceContainer: (svc: string) => idsOf.get(svc)?.[0],
      });
      const existing = st.existing;
      const ids: string[] = [];
      const replicas = st.action.replicas;
      const fresh = existing.filter((c) => c.labels[LABELS.hash] === hash);
      const stale = existing.filter((c) => c.labels[LABELS.hash] !== hash);
      const keep = fresh.slice(0, replicas);
      for (const c of keep) {
        if (c.state !== 'running') {
          step = 'start';
          await startContainer(engine, c.id);
          emit({ service: s.name, step: 'start', status: 'done', message: `started ${c.name}` });
        }
        ids.push(c.id);
      }
      for (const extra of fresh.slice(replicas)) afterSuccess.push(() => retire(engine, extra, s, emit));
      const numbers = existing.map((c) => c.compose?.number ?? 0);
      let next = Math.max(0, ...numbers) + 1;
      const slots = Math.max(0, replicas - keep.length);
      for (let i = 0; i < slots; i++) {
        const old = stale[i];
        const number = old?.compose?.number ?? next++;
        const spec = containerSpec(model, s, ctx(number));
        if (old) {
          step = 'stop';
          await stopContainer(engine, old.id, stopTimeout(s));
          const parked = `${old.id.slice(0, 12)}_${old.name}`;
          await renameContainer(engine, old.id, parked);
          const wasRunning = old.state === 'running';
          undo.push({
            what: `restore ${old.name}`,
            run: async () => {
              await renameContainer(engine, old.id, old.name);
              if (wasRunning) await startContainer(engine, old.id);
            },
          });
          afterSuccess.push(() => removeContainerById(engine, old.id));
          emit({ service: s.name, step: 'stop', status: 'done', message: `stopped ${old.name} (kept until the deploy succeeds)` });
        }
        step = 'create';
        const id = await createContainer(engine, spec.body);
        undo.push({ what: `remove ${spec.name}`, run: () => removeContainerById(engine, id, true) });
        for (const [net, endpoint] of spec.more) await connectNetwork(engine, net, id, endpoint);
        emit({ service: s.name, step: 'create', status: 'done', message: `created ${spec.name}` });
        step = 'start';
        await startContainer(engine, id);
        emit({ service: s.name, step: 'start', status: 'done', message: `started ${spec.name}` });
        ids.push(id);
        started.push({ id, service: s.name });
      }
      for (const old of stale.slice(slots)) afterSuccess.push(() => retire(engine, old, s, emit));
      idsOf.set(s.name, ids);
    }
    current = undefined;
    step = 'start';
    await settle(engine, started);
  } catch (err) {
    const blamed = (err as { service?: string }).service;
    const failure = err instanceof DeployFailure ? err : new DeployFailure(reason(err), blamed ?? current, step);
    const who = failure.service ?? current;
    emit({ ...(who ? { service: who } : {}), step: failure.step ?? step, status: 'failed', message: failure.message });
    emit({ step: 'rollback', status: 'running', message: 'putting the previous version back' });
    for (const u of undo.reverse()) {
      try {
        await u.run();
      } catch (e) {
        emit({ step: 'rollback', status: 'failed', message: `could not ${u.what}: ${reason(e)}` });
      }
    }
    emit({ step: 'rollback', status: 'done', message: 'the previous version is running' });
    throw new DeployFailure(failure.message, who, failure.step ?? step);
  }
  for (const c of input.removeServices) afterSuccess.push(() => retire(engine, c, undefined, emit));
  for (const task of afterSuccess) {
    try {
      await task();
    } catch (e) {
      emit({ step: 'remove', status: 'failed', message: reason(e) });
    }
  }
}

async function retire(engine: Engine, c: ContainerView, s: ServiceModel | undefined, emit: Emit): Promise<void> {
  await stopContainer(engine, c.id, s ? stopTimeout(s) : 10);
  await removeContainerById(engine, c.id);
  emit({ ...(c.compose?.service ? { service: c.compose.service } : {}), step: 'remove', status: 'done', message: `removed ${c.name}` });
}

function labels(v: unknown): Record<string, string> {
  if (Array.isArray(v))
    return Object.fromEntries(
      v.map(
        (x) =>
          text(x)
            .split(/=(.*)/s)
            .slice(0, 2)
            .map((p) => p ?? '') as [string, string],
      ),
    );
  return Object.fromEntries(Object.entries((v ?? {}) as Record<string, unknown>).map(([k, x]) => [k, text(x ?? '')]));
}

function ipam(r: Record<string, unknown>): Record<string, unknown> {
  return {
    Driver: r.driver ?? 'default',
    Config: ((r.config as Record<string, unknown>[] | undefined) ?? []).map((c) => ({
      ...(c.subnet ? { Subnet: c.subnet } : {}),
      ...(c.ip_range ? { IPRange: c.ip_range } : {}),
      ...(c.gateway ? { Gateway: c.gateway } : {}),
      ...(c.aux_addresses ? { AuxiliaryAddresses: c.aux_addresses } : {}),
    })),
    ...(r.options ? { Options: r.options } : {}),
  };
}

/** Takes a project down: its containers, then its networks, then (when asked) its volumes, by label. */
export async function downOnEngine(
  engine: Engine,
  containers: ContainerView[],
  withVolumes: boolean,
  emit: Emit,
  list: { networks: () => Promise<string[]>; volumes: () => Promise<string[]> },
): Promise<void> {
  // In parallel: each waits its own stop timeout, so a stack goes down in one grace period, not one per container.
  await Promise.all(containers.map((c) => retire(engine, c, undefined, emit)));
  for (const n of await list.networks()) {
    await removeNetwork(engine, n);
    emit({ step: 'network', status: 'done', message: `removed network ${n}` });
  }
  if (withVolumes) {
    for (const v of await list.volumes()) {
      await removeVolume(engine, v);
      emit({ step: 'volume', status: 'done', message: `removed volume ${v}` });
    }
  }
}
