import type { ContainerHealth, ContainerState } from './container.ts';

/** The roles the create policy knows (SECURITY 6, 8): only `admin` may reach the host. */
export type StackRole = 'admin' | 'operator' | 'viewer';

/** Where a stack runs: containers on one engine (docker compose), or services on a Swarm (docker stack). */
export type StackTarget = 'engine' | 'swarm';

/** One problem in a compose file, pointing at where it is. Lines and columns count from 1. */
export interface ComposeIssue {
  severity: 'error' | 'warning';
  /** Stable code: `yaml`, `schema`, `unknown_key`, `type`, `policy`, `reference`, `too_large`, `aliases`, `variable`, `unsupported`. */
  code: string;
  message: string;
  /** Where in the document, as dotted keys (`services.web.ports.0`). */
  path?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** A container of a stack on one engine. */
export interface StackContainerView {
  id: string;
  name: string;
  service: string;
  /** `com.docker.compose.container-number`. */
  number?: number;
  state: ContainerState;
  health: ContainerHealth;
  status: string;
  image: string;
}

/** A Swarm task of a stack's service. */
export interface StackTaskView {
  id: string;
  slot?: number;
  node?: string;
  /** The task's state (`running`, `preparing`, `failed`…). */
  state: string;
  desiredState: string;
  message?: string;
  error?: string;
  containerId?: string;
}

export interface StackServiceView {
  name: string;
  image?: string;
  /** Single engine: the service's containers. */
  containers: StackContainerView[];
  /** Swarm: running tasks over desired replicas (global: one per node). */
  replicas?: { running: number; desired: number };
  mode?: 'replicated' | 'global';
  tasks?: StackTaskView[];
}

/**
 * A stack as Phedds shows it: found from the labels docker compose and docker stack write, whoever
 * made it, plus the stacks deployed from Phedds (their files are kept, even once taken down).
 */
export interface StackView {
  name: string;
  target: StackTarget;
  /** `running` all up, `partial` some up, `stopped` none up, `down` nothing on the engine (a kept file only). */
  state: 'running' | 'partial' | 'stopped' | 'down';
  services: StackServiceView[];
  /** The version of the kept file it was last deployed from; absent for stacks made elsewhere. */
  version?: number;
  /** Made elsewhere (docker compose, docker stack): the working folder and files its labels name. */
  workingDir?: string;
  configFiles?: string;
  /** Whether a deploy of this stack is running now. */
  deploying?: boolean;
}

/** One kept version of a stack's file. */
export interface StackVersionInfo {
  version: number;
  /** Epoch ms. */
  createdAt: number;
  target: StackTarget;
  result: 'deployed' | 'failed';
  /** For a roll back: the version it was copied from. */
  rolledBackFrom?: number;
  /** Who deployed it, when accounts know. */
  by?: string;
  message?: string;
}

/** A stack's file: the compose YAML and its `.env` variables. */
export interface StackFile {
  compose: string;
  env: string;
}

/** What a deploy will do to one service. */
export interface PlanServiceAction {
  service: string;
  action: 'create' | 'recreate' | 'keep' | 'scale' | 'start' | 'remove';
  /** Why, for a person ("image changed", "new service", "2 → 3 replicas"). */
  reason: string;
  /** Keys of the service that changed, for a recreate. */
  changes?: string[];
  replicas: number;
}

export interface PlanResourceAction {
  name: string;
  kind: 'network' | 'volume' | 'config' | 'secret';
  action: 'create' | 'keep' | 'remove';
}

/** What a deploy will change, shown before it runs. */
export interface DeployPlan {
  stack: string;
  target: StackTarget;
  services: PlanServiceAction[];
  resources: PlanResourceAction[];
  /** A line diff of the file against the version deployed now (empty for a new stack). */
  diff: DiffLine[];
  warnings: ComposeIssue[];
}

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

/** One step of a deploy, streamed as it happens. */
export interface DeployEvent {
  /** Epoch ms. */
  time: number;
  service?: string;
  step:
    | 'validate'
    | 'pull'
    | 'network'
    | 'volume'
    | 'config'
    | 'secret'
    | 'create'
    | 'start'
    | 'wait'
    | 'stop'
    | 'remove'
    | 'rollback'
    | 'done';
  status: 'running' | 'done' | 'failed';
  message: string;
}

/** A deploy (or take-down) of one stack: at most one runs at a time per stack. */
export interface DeployProgress {
  stack: string;
  kind: 'deploy' | 'down' | 'scale';
  startedAt: number;
  finishedAt?: number;
  state: 'running' | 'succeeded' | 'failed';
  events: DeployEvent[];
  /** For a failure: which service and why. */
  error?: { service?: string; message: string };
}

/** The `stacks` live topic. */
export interface StacksSnapshot {
  stacks: StackView[];
  /** Deploys running now and those finished in the last minutes. */
  deploys: DeployProgress[];
}

export interface StacksDelta {
  /** The whole list, when it changed. */
  stacks?: StackView[];
  /** One deploy's whole record, replacing the one of that stack. */
  deploy?: DeployProgress;
}
