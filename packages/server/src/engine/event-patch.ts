import type { ContainerView } from '@phedds/shared';
import { actionVerb, eventTimeMs, type EngineEvent } from './event-effect.ts';

/**
 * What a container event tells about the container by itself, applied before the confirming
 * inspect. The engine keeps a container locked while it tears it down after `die` (networking,
 * mounts), so an inspect then waits tens of milliseconds; the event already says "exited, code N".
 * Returns undefined when the event says nothing the view shows. Pure.
 */
export function patchFromEvent(view: ContainerView, e: EngineEvent): ContainerView | undefined {
  if (e.Type !== 'container' || !e.Action) return undefined;
  const at = eventTimeMs(e);
  const time = at !== undefined ? Math.floor(at) : undefined;
  const attrs = e.Actor?.Attributes ?? {};
  const verb = actionVerb(e.Action);
  switch (verb) {
    case 'start': {
      const health = view.health === 'none' ? 'none' : 'starting';
      const next: ContainerView = { ...view, state: 'running', status: health === 'none' ? 'Up' : 'Up (starting)', health };
      if (time !== undefined) next.startedAt = time;
      delete next.exitCode;
      return next;
    }
    case 'die': {
      const code = Number(attrs.exitCode);
      const exitCode = Number.isInteger(code) ? code : 0;
      const next: ContainerView = { ...view, state: 'exited', status: `Exited (${exitCode})`, exitCode };
      if (time !== undefined) next.finishedAt = time;
      return next;
    }
    case 'pause':
      return { ...view, state: 'paused', status: 'Paused' };
    case 'unpause':
      return { ...view, state: 'running', status: view.health === 'none' ? 'Up' : `Up (${view.health})` };
    case 'health_status': {
      const h = e.Action.slice(e.Action.indexOf(':') + 1).trim();
      if (h !== 'healthy' && h !== 'unhealthy' && h !== 'starting') return undefined;
      return { ...view, health: h, status: view.state === 'running' ? `Up (${h})` : view.status };
    }
    case 'rename':
      return attrs.name ? { ...view, name: attrs.name.replace(/^\//, '') } : undefined;
    default:
      return undefined;
  }
}
