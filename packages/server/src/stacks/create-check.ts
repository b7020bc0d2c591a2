import type { ComposeIssue, StackRole } from '@phedds/shared';
import type { ProjectModel } from './compose-model.ts';
import { containerSpec } from './container-spec.ts';
import { COMPOSE_FILE } from './store.ts';
import type { SwarmSpecs } from './swarm-spec.ts';

/** What the accounts' create policy says of one engine create body. */
export type CreateVerdict = { allowed: true } | { allowed: false; violations: readonly { field: string; problem: string }[] };

/**
 * The accounts' create policy for one engine container create body (the same check as every other
 * path that creates a container). Stacks do not depend on accounts: the console passes it in when
 * it builds the stack service.
 */
export type CreateCheck = (role: StackRole, body: Record<string, unknown>) => CreateVerdict;

/**
 * The create policy applied to the engine create body of every service of the file, after the
 * compose policy (policy.ts) passed the file: a second check on what the deploy would actually
 * send, so an option the compose-level check missed is still refused before anything is created.
 *
 * Every service is checked, not only those the deploy recreates: a container that is kept carries
 * its service's config hash, so these bodies describe every container the stack runs afterwards.
 * That is also why `VolumesFrom` is left out of each body: the model only lets it name services of
 * this file (never `container:`), and their bodies are checked here too.
 *
 * Names, labels and the ids behind `service:` references do not change what the policy reads, so
 * the bodies are built as for a stack's first container. Admins are not checked.
 */
export function createPolicyIssues(model: ProjectModel, role: StackRole, check: CreateCheck): ComposeIssue[] {
  if (role === 'admin') return [];
  return model.services.flatMap((s) => {
    const { body } = containerSpec(model, s, { number: 1, hash: '', configFiles: COMPOSE_FILE, serviceContainer: () => undefined });
    const hostConfig = { ...(body.HostConfig as Record<string, unknown> | undefined) };
    delete hostConfig.VolumesFrom;
    return refusals(s.name, check(role, { ...body, HostConfig: hostConfig }), role);
  });
}

/**
 * The same check on the Swarm services a file becomes: each service's task container, its fields
 * read in the create body's spelling (mounts, added capabilities, sysctls, the host network).
 */
export function swarmCreatePolicyIssues(services: SwarmSpecs['services'], role: StackRole, check: CreateCheck): ComposeIssue[] {
  if (role === 'admin') return [];
  return services.flatMap(({ key, spec }) => {
    const task = (spec.TaskTemplate ?? {}) as { ContainerSpec?: Record<string, unknown>; Networks?: { Target?: string }[] };
    const c = task.ContainerSpec ?? {};
    const hostConfig = {
      ...(c.Mounts !== undefined ? { Mounts: c.Mounts } : {}),
      ...(c.CapabilityAdd !== undefined ? { CapAdd: c.CapabilityAdd } : {}),
      ...(c.Sysctls !== undefined ? { Sysctls: c.Sysctls } : {}),
      ...(task.Networks?.some((n) => n.Target === 'host') ? { NetworkMode: 'host' } : {}),
    };
    return refusals(key, check(role, { HostConfig: hostConfig }), role);
  });
}

function refusals(service: string, verdict: CreateVerdict, role: StackRole): ComposeIssue[] {
  if (verdict.allowed) return [];
  return verdict.violations.map((v) => ({
    severity: 'error' as const,
    code: 'policy',
    message: `Service "${service}" would create a container with ${v.field}, which the create policy refuses (${v.problem}). Only an administrator may deploy this (your role: ${role}).`,
    path: `services.${service}`,
  }));
}
