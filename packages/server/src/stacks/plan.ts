import type { ContainerView, DeployPlan, PlanResourceAction, PlanServiceAction } from '@phedds/shared';
import type { ProjectModel, ServiceModel } from './compose-model.ts';
import { configHash } from './config-hash.ts';
import { LABELS } from './container-spec.ts';
import { lineDiff, trimDiff } from './diff.ts';

export interface ServiceState {
  service: ServiceModel;
  /** Its containers on the engine now, by container number. */
  existing: ContainerView[];
  /** The hash its containers must carry; undefined while the image is missing (known after the pull). */
  hash: string | undefined;
  imageId: string | null;
  action: PlanServiceAction;
}

export interface EngineView {
  containers: ContainerView[];
  imageIds: Map<string, string | null>;
  networkNames: Set<string>;
  volumeNames: Set<string>;
}

/** The project's containers, by service, from the labels (whoever created them). */
export function projectContainers(all: Iterable<ContainerView>, project: string): Map<string, ContainerView[]> {
  const out = new Map<string, ContainerView[]>();
  for (const c of all) {
    if (c.labels[LABELS.project] !== project || c.labels[LABELS.oneoff] === 'True') continue;
    const s = c.labels[LABELS.service] ?? '';
    out.set(s, [...(out.get(s) ?? []), c]);
  }
  for (const list of out.values()) list.sort((a, b) => (a.compose?.number ?? 0) - (b.compose?.number ?? 0));
  return out;
}

/**
 * What a deploy will do, service by service: docker compose's convergence (a container whose
 * config hash differs is recreated, missing ones are created, extra ones removed), plus removing
 * the services the file no longer has.
 */
export function planDeploy(
  model: ProjectModel,
  view: EngineView,
  previous: { compose: string; raw?: Record<string, Record<string, unknown>> } | undefined,
  compose: string,
  scaleOverride: Record<string, number> = {},
): { plan: DeployPlan; states: ServiceState[] } {
  const byService = projectContainers(view.containers, model.name);
  const states: ServiceState[] = [];
  for (const s of model.services) {
    const existing = byService.get(s.name) ?? [];
    byService.delete(s.name);
    const imageId = view.imageIds.get(s.image!) ?? null;
    const hash = imageId ? configHash(s, imageId) : undefined;
    const replicas = scaleOverride[s.name] ?? s.scale;
    const stale = existing.filter((c) => hash === undefined || c.labels[LABELS.hash] !== hash);
    let action: PlanServiceAction;
    if (existing.length === 0)
      action = {
        service: s.name,
        action: 'create',
        reason: replicas === 1 ? 'new service' : `new service, ${replicas} containers`,
        replicas,
      };
    else if (stale.length > 0) {
      const changes = changedKeys(previous?.raw?.[s.name], s.raw);
      const why =
        hash === undefined
          ? 'its image is not on the engine yet'
          : changes.length
            ? `changed: ${changes.join(', ')}`
            : imageChanged(existing, imageId)
              ? 'its image changed'
              : 'its configuration changed';
      action = { service: s.name, action: 'recreate', reason: why, replicas, ...(changes.length ? { changes } : {}) };
    } else if (existing.length !== replicas)
      action = { service: s.name, action: 'scale', reason: `${existing.length} → ${replicas} containers`, replicas };
    else if (existing.some((c) => c.state !== 'running'))
      action = { service: s.name, action: 'start', reason: 'some containers are not running', replicas };
    else action = { service: s.name, action: 'keep', reason: 'unchanged', replicas };
    states.push({ service: s, existing, hash, imageId, action });
  }
  const removed: PlanServiceAction[] = [...byService.keys()]
    .sort()
    .map((name) => ({ service: name, action: 'remove', reason: 'no longer in the file', replicas: 0 }));
  const resources: PlanResourceAction[] = [];
  const usedNets = new Set(model.services.flatMap((s) => s.networks.map(([n]) => n)));
  for (const n of model.networks.values()) {
    if (!usedNets.has(n.name) || n.external) continue;
    resources.push({ kind: 'network', name: n.name, action: view.networkNames.has(n.name) ? 'keep' : 'create' });
  }
  for (const v of model.volumes.values()) {
    if (v.external) continue;
    resources.push({ kind: 'volume', name: v.name, action: view.volumeNames.has(v.name) ? 'keep' : 'create' });
  }
  const plan: DeployPlan = {
    stack: model.name,
    target: 'engine',
    services: [...states.map((s) => s.action), ...removed],
    resources,
    diff: previous ? trimDiff(lineDiff(previous.compose, compose)) : [],
    warnings: model.issues.filter((i) => i.severity === 'warning'),
  };
  return { plan, states };
}

function imageChanged(existing: ContainerView[], imageId: string | null): boolean {
  return imageId !== null && existing.some((c) => c.imageId !== imageId);
}

/** Top-level keys of a service that differ between two versions of the file. */
export function changedKeys(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string[] {
  if (!before) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}
