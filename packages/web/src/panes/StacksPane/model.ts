import type { DeployProgress, StackServiceView, StackView } from '@phedds/shared';

/** A starting point for a new stack: valid, small, and showing the common keys. */
export const STARTER = `services:
  web:
    image: phedds/web:local
    ports:
      - "8080:80"
    depends_on:
      - cache
  cache:
    image: busybox:local
    command: sleep infinity
`;

export function runningCount(s: StackView): { running: number; total: number } {
  let running = 0;
  let total = 0;
  for (const svc of s.services) {
    if (svc.replicas) {
      running += svc.replicas.running;
      total += svc.replicas.desired;
    } else {
      running += svc.containers.filter((c) => c.state === 'running').length;
      total += svc.containers.length;
    }
  }
  return { running, total };
}

export function serviceSummary(svc: StackServiceView): string {
  if (svc.replicas) return `${svc.replicas.running}/${svc.replicas.desired} ${svc.mode === 'global' ? 'global' : 'replicas'}`;
  const up = svc.containers.filter((c) => c.state === 'running').length;
  return `${up}/${svc.containers.length} running`;
}

export function stateLabel(s: StackView): string {
  switch (s.state) {
    case 'running':
      return 'running';
    case 'partial':
      return 'partly running';
    case 'stopped':
      return 'stopped';
    default:
      return 'down (file kept)';
  }
}

export function origin(s: StackView): string {
  if (s.version !== undefined) return `Phedds, version ${s.version}`;
  if (s.target === 'swarm') return 'docker stack';
  return s.workingDir ? `docker compose in ${s.workingDir}` : 'docker compose';
}

/** One line per deploy event, for the progress log. */
export function progressLines(p: DeployProgress | undefined): { key: string; text: string; status: string; service?: string }[] {
  if (!p) return [];
  return p.events.map((e, i) => ({
    key: `${e.time}-${i}`,
    text: e.message,
    status: e.status,
    ...(e.service ? { service: e.service } : {}),
  }));
}
