import type { EngineEventView } from '@phedds/shared';

/** The filter chips: the common object types, everything else under `other`. */
export const EVENT_TYPES = ['container', 'network', 'volume', 'image', 'other'] as const;
export type EventTypeChip = (typeof EVENT_TYPES)[number];

export function typeChip(type: string): EventTypeChip {
  return (EVENT_TYPES as readonly string[]).includes(type) ? (type as EventTypeChip) : 'other';
}

export interface EventFilter {
  types: ReadonlySet<EventTypeChip>;
  /** Words that must all appear in the action, name, id or attributes. */
  text: string;
  /** Show health-check execs and `top` calls (the Processes pane makes one every few seconds). */
  housekeeping: boolean;
}

/** Events the engine makes on its own account or for a watching console: hidden unless asked. */
export function isHousekeeping(e: EngineEventView): boolean {
  return e.healthCheck === true || (e.type === 'container' && e.verb === 'top');
}

export function eventMatches(e: EngineEventView, f: EventFilter): boolean {
  if (!f.types.has(typeChip(e.type))) return false;
  if (!f.housekeeping && isHousekeeping(e)) return false;
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = `${e.type} ${e.action} ${e.name ?? ''} ${e.id} ${Object.values(e.attributes).join(' ')}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Newest first: a feed reads from the top. */
export function filterEvents(items: readonly EngineEventView[], f: EventFilter): EngineEventView[] {
  const out: EngineEventView[] = [];
  for (let i = items.length - 1; i >= 0; i--) if (eventMatches(items[i]!, f)) out.push(items[i]!);
  return out;
}

/** Good, bad or neutral, for the action's colour. */
export function actionTone(e: EngineEventView): 'good' | 'bad' | 'warn' | 'neutral' {
  const a = e.action;
  if (a.startsWith('health_status')) return a.includes('unhealthy') ? 'bad' : a.includes('healthy') ? 'good' : 'warn';
  if (['create', 'start', 'unpause', 'connect', 'mount', 'pull', 'tag', 'import', 'load'].includes(e.verb)) return 'good';
  if (['die', 'kill', 'oom', 'destroy', 'delete', 'remove', 'disconnect', 'untag', 'prune'].includes(e.verb)) return 'bad';
  if (['stop', 'pause', 'restart', 'rename', 'update'].includes(e.verb)) return 'warn';
  return 'neutral';
}

/** The few attributes worth a glance, in words: exit code, signal, image, the container a network event names. */
export function eventDetails(e: EngineEventView, nameOfContainer: (id: string) => string | undefined): string {
  const a = e.attributes;
  const parts: string[] = [];
  if (e.verb.startsWith('exec_')) {
    const cmd = e.action.slice(e.verb.length + 2);
    if (cmd) parts.push(cmd);
  } else if (e.action.includes(': ') && e.verb !== 'health_status') parts.push(e.action.slice(e.verb.length + 2));
  if (a.exitCode !== undefined) parts.push(`exit code ${a.exitCode}`);
  if (a.signal !== undefined) parts.push(`signal ${a.signal}`);
  if (e.type === 'network' && a.container) parts.push(`container ${nameOfContainer(a.container) ?? a.container.slice(0, 12)}`);
  if (e.type === 'volume' && a.container) parts.push(`container ${nameOfContainer(a.container) ?? a.container.slice(0, 12)}`);
  if (e.type === 'container' && a.image && ['create', 'start'].includes(e.verb)) parts.push(`image ${a.image}`);
  if (e.type === 'network' && a.type && e.verb === 'create') parts.push(`driver ${a.type}`);
  if (e.type === 'volume' && a.driver && e.verb === 'create') parts.push(`driver ${a.driver}`);
  if (a.oldName) parts.push(`was ${a.oldName.replace(/^\//, '')}`);
  return parts.join(' · ');
}
