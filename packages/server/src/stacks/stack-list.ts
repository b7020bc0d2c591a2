import type { ContainerView, StackServiceView, StackTaskView, StackView } from '@phedds/shared';
import type { SwarmServiceInfo, SwarmTaskInfo } from '../engine/swarm.ts';
import { LABELS } from './container-spec.ts';
import type { StackStore } from './store.ts';

export interface SwarmState {
  services: SwarmServiceInfo[];
  tasks: SwarmTaskInfo[];
  nodes: Map<string, string>;
}

const collator = new Intl.Collator('en', { numeric: true });

/**
 * Every stack, whoever made it: compose projects found by their containers' labels, Swarm stacks
 * by their services' namespace label, and the stacks whose files Phedds keeps (shown `down` when
 * nothing of them runs, so they can be deployed again).
 */
export function stackViews(
  containers: Iterable<ContainerView>,
  swarm: SwarmState | undefined,
  store: StackStore | undefined,
  deploying: ReadonlySet<string>,
): StackView[] {
  const out = new Map<string, StackView>();
  const projects = new Map<string, ContainerView[]>();
  for (const c of containers) {
    const p = c.labels[LABELS.project];
    if (!p || c.labels[LABELS.oneoff] === 'True') continue;
    projects.set(p, [...(projects.get(p) ?? []), c]);
  }
  for (const [name, list] of projects) {
    const services = new Map<string, StackServiceView>();
    for (const c of list) {
      const svc = c.labels[LABELS.service] ?? '?';
      const s = services.get(svc) ?? { name: svc, image: c.image, containers: [] };
      s.containers.push({
        id: c.id,
        name: c.name,
        service: svc,
        ...(c.compose?.number !== undefined ? { number: c.compose.number } : {}),
        state: c.state,
        health: c.health,
        status: c.status,
        image: c.image,
      });
      services.set(svc, s);
    }
    const svcList = [...services.values()].sort((a, b) => collator.compare(a.name, b.name));
    for (const s of svcList) s.containers.sort((a, b) => (a.number ?? 0) - (b.number ?? 0) || collator.compare(a.name, b.name));
    const running = list.filter((c) => c.state === 'running').length;
    const first = list[0]!;
    out.set(name, {
      name,
      target: 'engine',
      state: running === list.length ? 'running' : running > 0 ? 'partial' : 'stopped',
      services: svcList,
      ...(first.labels[LABELS.workingDir] ? { workingDir: first.labels[LABELS.workingDir] } : {}),
      ...(first.labels[LABELS.configFiles] ? { configFiles: first.labels[LABELS.configFiles] } : {}),
    });
  }
  if (swarm) {
    const byNs = new Map<string, SwarmServiceInfo[]>();
    for (const s of swarm.services) byNs.set(s.namespace, [...(byNs.get(s.namespace) ?? []), s]);
    for (const [ns, services] of byNs) {
      let up = 0;
      let want = 0;
      const views: StackServiceView[] = services.map((s) => {
        const tasks = swarm.tasks.filter((t) => t.serviceId === s.id);
        const live = tasks.filter((t) => t.desiredState === 'running' || t.state === 'running');
        const mode = s.spec.Mode as { Replicated?: { Replicas?: number }; Global?: object } | undefined;
        const desired = mode?.Replicated ? (mode.Replicated.Replicas ?? 1) : live.filter((t) => t.desiredState === 'running').length;
        const running = live.filter((t) => t.state === 'running').length;
        up += Math.min(running, desired);
        want += desired;
        const image = ((s.spec.TaskTemplate as { ContainerSpec?: { Image?: string } } | undefined)?.ContainerSpec?.Image ?? '').replace(
          /@sha256:.*$/,
          '',
        );
        const short = s.name.startsWith(`${ns}_`) ? s.name.slice(ns.length + 1) : s.name;
        return {
          name: short,
          image,
          containers: [],
          replicas: { running, desired },
          mode: mode?.Global ? 'global' : 'replicated',
          tasks: tasks
            .sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0) || (a.desiredState === 'running' ? -1 : 1))
            .slice(0, 50)
            .map((t): StackTaskView => ({
              id: t.id,
              ...(t.slot !== undefined ? { slot: t.slot } : {}),
              ...(t.nodeId ? { node: swarm.nodes.get(t.nodeId) ?? t.nodeId.slice(0, 12) } : {}),
              state: t.state,
              desiredState: t.desiredState,
              ...(t.message ? { message: t.message } : {}),
              ...(t.error ? { error: t.error } : {}),
              ...(t.containerId ? { containerId: t.containerId } : {}),
            })),
        };
      });
      views.sort((a, b) => collator.compare(a.name, b.name));
      out.set(ns, {
        name: ns,
        target: 'swarm',
        state: want > 0 && up === want ? 'running' : up > 0 ? 'partial' : 'stopped',
        services: views,
      });
    }
  }
  for (const name of store?.names() ?? []) {
    const st = store!.state(name);
    const view = out.get(name) ?? { name, target: st?.target ?? 'engine', state: 'down' as const, services: [] };
    if (st?.current !== undefined) view.version = st.current;
    out.set(name, view);
  }
  for (const v of out.values()) if (deploying.has(v.name)) v.deploying = true;
  return [...out.values()].sort((a, b) => collator.compare(a.name, b.name));
}
