import {
  isStackName,
  parseEnvText,
  type DeployEvent,
  type DeployPlan,
  type StackFile,
  type StackRole,
  type StackTarget,
  type StackVersionInfo,
  type StackView,
  type StacksDelta,
  type StacksSnapshot,
} from '@phedds/shared';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageId, listProjectNetworks, listProjectVolumes, networkExists, volumeExists } from '../engine/compose.ts';
import type { Engine } from '../engine/engine.ts';
import { EngineError } from '../engine/errors.ts';
import { isSwarmManager, listServiceTasks, listStackServices, nodeNames } from '../engine/swarm.ts';
import type { CreateCheck } from './create-check.ts';
import { DeployFailure, deployToEngine, downOnEngine, ensureImages, type Emit } from './deploy.ts';
import { StackLocks } from './lock.ts';
import { parseCompose } from './parse.ts';
import { planDeploy, projectContainers } from './plan.ts';
import { ProgressBook } from './progress.ts';
import { stackViews, type SwarmState } from './stack-list.ts';
import { COMPOSE_FILE, StackStore } from './store.ts';
import { deployToSwarm, downOnSwarm } from './swarm-deploy.ts';
import { readStackFile, scaleSwarmService, swarmPlan } from './swarm-plan.ts';
import { toSwarmSpecs } from './swarm-spec.ts';
import { validateStack, type ValidatedStack } from './validate.ts';

export type TargetChoice = StackTarget | 'auto';

export interface DeployRequest {
  file: StackFile;
  role: StackRole;
  target?: TargetChoice;
  by?: string;
  rolledBackFrom?: number;
}

export interface DeployResult {
  version: number;
  plan: DeployPlan;
  events: DeployEvent[];
}

/**
 * Stacks: validation, plans, deploys, take-downs and scaling, one change at a time per stack,
 * with progress for the live topic and the files kept in the data folder.
 */
export class StackService {
  private storeValue: StackStore | undefined;
  private readonly locks = new StackLocks();
  private readonly listeners = new Set<(d: StacksDelta) => void>();
  readonly progress = new ProgressBook((d) => this.broadcast(d));
  private swarm: SwarmState | undefined;

  constructor(
    readonly engine: Engine,
    private readonly dataDir: string | undefined,
    private readonly log: (level: 'info' | 'warn', msg: string) => void = () => undefined,
    /** The accounts' create policy, applied to the container create bodies of a non-admin's deploy. */
    private readonly checkCreate?: CreateCheck,
  ) {}

  /** The data folder's stacks; without a configured folder, a private temporary one (tests, demos). */
  get store(): StackStore {
    this.storeValue ??= new StackStore(this.dataDir ?? mkdtempSync(join(tmpdir(), 'phedds-data-')));
    return this.storeValue;
  }

  list(): StackView[] {
    return stackViews(this.engine.containers.list(), this.swarm, this.store, this.deploying());
  }

  snapshot(): StacksSnapshot {
    return { stacks: this.list(), deploys: this.progress.list() };
  }

  onChange(listener: (d: StacksDelta) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  broadcast(d: StacksDelta): void {
    for (const l of [...this.listeners]) l(d);
  }

  /** Reads the Swarm's stacks now (REST answers and the live poller call this). */
  async refreshSwarm(): Promise<void> {
    try {
      if (this.engine.status.state !== 'up' || !(await isSwarmManager(this.engine))) {
        this.swarm = undefined;
        return;
      }
      const services = await listStackServices(this.engine);
      const [tasks, nodes] = await Promise.all([
        listServiceTasks(
          this.engine,
          services.map((s) => s.id),
        ),
        nodeNames(this.engine),
      ]);
      this.swarm = { services, tasks, nodes };
    } catch (err) {
      this.log('warn', `reading the Swarm's stacks failed: ${(err as Error).message}`);
    }
  }

  get(name: string): { stack: StackView | undefined; file?: StackFile; version?: number; versions: StackVersionInfo[] } {
    const stack = this.list().find((s) => s.name === name);
    const current = this.store.current(name);
    const versions = this.store.versions(name);
    if (!stack && versions.length === 0) throw notFound(name);
    return { stack, ...(current ? { file: current.file, version: current.info.version } : {}), versions };
  }

  version(name: string, version: number): { file: StackFile; info: StackVersionInfo } {
    const v = this.store.version(name, version);
    if (!v)
      throw new EngineError(404, 'not_found', `Stack "${name}" has no version ${version}. GET /api/stacks/${name} lists its versions.`, {
        stack: name,
        version,
      });
    return v;
  }

  async resolveTarget(name: string, choice: TargetChoice = 'auto'): Promise<StackTarget> {
    if (choice !== 'auto') {
      if (choice === 'swarm' && !(await isSwarmManager(this.engine))) {
        throw new EngineError(
          409,
          'not_swarm_manager',
          'This engine is not a Swarm manager: deploy to the engine instead, or run docker swarm init first.',
        );
      }
      return choice;
    }
    if (isStackName(name) && this.store.state(name)?.current !== undefined) return this.store.state(name)!.target;
    return (await isSwarmManager(this.engine)) ? 'swarm' : 'engine';
  }

  validate(name: string, file: StackFile, role: StackRole, target: StackTarget): ValidatedStack {
    // An invalid name is reported by the validation itself; it never reaches the data folder.
    const workingDir = isStackName(name) ? this.store.dir(name) : join(this.store.root, '.invalid');
    return validateStack({
      name,
      compose: file.compose,
      env: file.env,
      role,
      target,
      workingDir,
      ...(this.checkCreate ? { checkCreate: this.checkCreate } : {}),
    });
  }

  /** What a deploy would do, without doing it. */
  async plan(
    name: string,
    file: StackFile,
    role: StackRole,
    choice?: TargetChoice,
  ): Promise<{ plan?: DeployPlan; validation: ValidatedStack }> {
    this.engine.assertUp();
    const target = await this.resolveTarget(name, choice);
    const v = this.validate(name, file, role, target);
    if (!v.ok) return { validation: v };
    if (target === 'swarm')
      return { plan: await swarmPlan(this.engine, name, v, this.previous(name), file.compose, this.store.dir(name), role), validation: v };
    const ids = new Map<string, string | null>();
    for (const s of v.model!.services) ids.set(s.image!, await imageId(this.engine, s.image!));
    return { plan: planDeploy(v.model!, await this.engineView(v, ids), this.previous(name), file.compose).plan, validation: v };
  }

  async deploy(name: string, req: DeployRequest): Promise<DeployResult> {
    this.forbidViewer(req.role, 'deploy');
    this.engine.assertUp();
    const target = await this.resolveTarget(name, req.target);
    const v = this.validate(name, req.file, req.role, target);
    if (!v.ok) throw invalid(name, v);
    return this.locked(name, 'deploy', async (emit) => {
      emit({
        step: 'validate',
        status: 'done',
        message: `the file is valid${v.issues.length ? ` (${v.issues.length} warning${v.issues.length > 1 ? 's' : ''})` : ''}`,
      });
      const dir = this.store.ensure(name);
      const info = {
        createdAt: Date.now(),
        target,
        ...(req.by ? { by: req.by } : {}),
        ...(req.rolledBackFrom ? { rolledBackFrom: req.rolledBackFrom } : {}),
      };
      let plan: DeployPlan;
      try {
        if (target === 'swarm') {
          plan = await swarmPlan(this.engine, name, v, this.previous(name), req.file.compose, dir, req.role);
          const specs = toSwarmSpecs({ namespace: name, data: v.data!, vars: v.vars, readFile: (p) => readStackFile(p, dir, req.role) });
          await deployToSwarm(this.engine, name, specs, emit);
        } else {
          const ids = await ensureImages(this.engine, v.model!, emit);
          const { plan: p, states } = planDeploy(v.model!, await this.engineView(v, ids), this.previous(name), req.file.compose);
          plan = p;
          const gone = projectContainers(this.engine.containers.list(), name);
          for (const s of v.model!.services) gone.delete(s.name);
          await deployToEngine({
            engine: this.engine,
            model: v.model!,
            states,
            removeServices: [...gone.values()].flat(),
            configFiles: COMPOSE_FILE,
            emit,
          });
        }
      } catch (err) {
        this.store.record(name, req.file, { ...info, result: 'failed', message: (err as Error).message });
        throw err;
      }
      const version = this.store.record(name, req.file, { ...info, result: 'deployed' });
      emit({ step: 'done', status: 'done', message: `version ${version} deployed` });
      return { version, plan };
    });
  }

  async rollback(name: string, version: number, role: StackRole, by?: string): Promise<DeployResult> {
    const v = this.version(name, version);
    return this.deploy(name, { file: v.file, role, target: v.info.target, rolledBackFrom: version, ...(by ? { by } : {}) });
  }

  async down(name: string, withVolumes: boolean, role: StackRole): Promise<void> {
    this.forbidViewer(role, 'take down');
    this.engine.assertUp();
    await this.refreshSwarm();
    const stack = this.list().find((s) => s.name === name);
    if (!stack || stack.state === 'down') throw notFound(name);
    await this.locked(name, 'down', async (emit) => {
      if (stack.target === 'swarm') await downOnSwarm(this.engine, name, emit);
      else {
        const containers = [...projectContainers(this.engine.containers.list(), name).values()].flat();
        await downOnEngine(this.engine, containers, withVolumes, emit, {
          networks: async () => (await listProjectNetworks(this.engine, name)).map((n) => n.name),
          volumes: async () => (await listProjectVolumes(this.engine, name)).map((n) => n.name),
        });
      }
      emit({ step: 'done', status: 'done', message: `${name} is down` });
      return { version: 0, plan: { stack: name, target: stack.target, services: [], resources: [], diff: [], warnings: [] } };
    });
  }

  /** Scales one service until the next deploy (the file is not changed; set replicas in it to keep a scale). */
  async scale(name: string, service: string, replicas: number, role: StackRole): Promise<void> {
    this.forbidViewer(role, 'scale');
    this.engine.assertUp();
    await this.refreshSwarm();
    const stack = this.list().find((s) => s.name === name);
    if (!stack || stack.state === 'down') throw notFound(name);
    if (!stack.services.some((s) => s.name === service)) {
      throw new EngineError(404, 'not_found', `Stack "${name}" has no service "${service}".`, { stack: name, service });
    }
    if (stack.target === 'swarm') {
      await this.locked(name, 'scale', async (emit) => {
        await scaleSwarmService(this.engine, name, service, replicas, emit);
        return { version: 0, plan: emptyPlan(name, 'swarm') };
      });
      return;
    }
    const current = this.store.current(name);
    if (!current) {
      throw new EngineError(
        409,
        'no_file',
        `Stack "${name}" was not deployed from Phedds, so its file is unknown here; scale it where it was made (docker compose up --scale).`,
        { stack: name },
      );
    }
    const v = this.validate(name, current.file, role, 'engine');
    if (!v.ok) throw invalid(name, v);
    await this.locked(name, 'scale', async (emit) => {
      const ids = await ensureImages(this.engine, v.model!, emit);
      const { plan, states } = planDeploy(v.model!, await this.engineView(v, ids), undefined, current.file.compose, {
        [service]: replicas,
      });
      const only = states.filter((s) => s.service.name === service || s.action.action === 'keep');
      await deployToEngine({ engine: this.engine, model: v.model!, states: only, removeServices: [], configFiles: COMPOSE_FILE, emit });
      emit({ service, step: 'done', status: 'done', message: `${service}: ${replicas} container${replicas === 1 ? '' : 's'}` });
      return { version: current.info.version, plan };
    });
  }

  deploying(): Set<string> {
    return new Set(
      this.progress
        .list()
        .filter((p) => p.state === 'running')
        .map((p) => p.stack),
    );
  }

  private async locked(
    name: string,
    kind: 'deploy' | 'down' | 'scale',
    work: (emit: Emit) => Promise<{ version: number; plan: DeployPlan }>,
  ): Promise<DeployResult> {
    const lock = this.locks.acquire(name, kind, this.store.ensure(name));
    if ('busy' in lock) {
      throw new EngineError(409, 'stack_busy', `A ${lock.busy} of stack "${name}" is running; wait for it to finish, then retry.`, {
        stack: name,
        running: lock.busy,
      });
    }
    const emit = this.progress.begin(name, kind);
    try {
      const r = await work(emit);
      const rec = this.progress.finish(name, true);
      this.broadcast({ stacks: this.list() });
      return { ...r, events: rec?.events ?? [] };
    } catch (err) {
      const f = err instanceof DeployFailure ? err : undefined;
      const message = (err as Error).message;
      const rec = this.progress.finish(name, false, { ...(f?.service ? { service: f.service } : {}), message });
      this.broadcast({ stacks: this.list() });
      if (err instanceof EngineError && err.status === 503) throw err;
      throw new EngineError(
        422,
        `${kind}_failed`,
        f?.service
          ? `Service "${f.service}" failed to ${f.step === 'pull' ? 'get its image' : f.step === 'wait' ? 'meet its dependency' : 'deploy'}: ${message}${kind === 'deploy' ? ' The previous version is still running.' : ''}`
          : `${kind} of "${name}" failed: ${message}`,
        { stack: name, ...(f?.service ? { service: f.service } : {}), ...(f?.step ? { step: f.step } : {}), events: rec?.events ?? [] },
      );
    } finally {
      lock.release();
    }
  }

  private previous(name: string): { compose: string; raw?: Record<string, Record<string, unknown>> } | undefined {
    const cur = this.store.current(name);
    if (!cur) return undefined;
    const p = parseCompose(cur.file.compose, parseEnvText(cur.file.env).vars);
    const raw = (p.data as { services?: Record<string, Record<string, unknown>> } | undefined)?.services ?? undefined;
    return { compose: cur.file.compose, ...(raw ? { raw } : {}) };
  }

  private async engineView(v: ValidatedStack, imageIds: Map<string, string | null>) {
    const networkNames = new Set<string>();
    const volumeNames = new Set<string>();
    for (const n of v.model!.networks.values()) if (await networkExists(this.engine, n.name)) networkNames.add(n.name);
    for (const n of v.model!.volumes.values()) if (await volumeExists(this.engine, n.name)) volumeNames.add(n.name);
    return { containers: this.engine.containers.list(), imageIds, networkNames, volumeNames };
  }

  private forbidViewer(role: StackRole, what: string): void {
    if (role === 'viewer') throw new EngineError(403, 'forbidden', `Your role (viewer) may look at stacks but not ${what} them.`);
  }
}

function emptyPlan(stack: string, target: StackTarget): DeployPlan {
  return { stack, target, services: [], resources: [], diff: [], warnings: [] };
}

function notFound(name: string): EngineError {
  return new EngineError(404, 'not_found', `No stack "${name}" on this engine and no file kept for it. GET /api/stacks lists the stacks.`, {
    stack: name,
  });
}

function invalid(name: string, v: ValidatedStack): EngineError {
  const first = v.issues.find((i) => i.severity === 'error')!;
  const where = first.line !== undefined ? ` (line ${first.line}, column ${first.column})` : '';
  const more = v.issues.filter((i) => i.severity === 'error').length - 1;
  return new EngineError(
    400,
    'invalid_stack',
    `${first.message}${where}${more > 0 ? ` And ${more} more problem${more > 1 ? 's' : ''}.` : ''} Nothing was deployed.`,
    { stack: name, issues: v.issues },
  );
}
