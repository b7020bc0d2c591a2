import type { ComposeIssue, StackRole } from '@phedds/shared';
import type { ProjectModel } from './compose-model.ts';
import { containerSpec } from './container-spec.ts';
import { COMPOSE_FILE } from './store.ts';

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
  const issues: ComposeIssue[] = [];
  for (const s of model.services) {
    const { body } = containerSpec(model, s, { number: 1, hash: '', configFiles: COMPOSE_FILE, serviceContainer: () => undefined });
    const hostConfig = { ...(body.HostConfig as Record<string, unknown> | undefined) };
    delete hostConfig.VolumesFrom;
    const verdict = check(role, { ...body, HostConfig: hostConfig });
    if (verdict.allowed) continue;
    for (const v of verdict.violations) {
      issues.push({
        severity: 'error',
        code: 'policy',
        message: `Service "${s.name}" would create a container with ${v.field}, which the create policy refuses (${v.problem}). Only an administrator may deploy this (your role: ${role}).`,
        path: `services.${s.name}`,
      });
    }
  }
  return issues;
}
