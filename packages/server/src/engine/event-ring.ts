import { EVENTS_RING_SIZE, type EngineEventView } from '@phedds/shared';
import { actionVerb, eventTimeMs, type EngineEvent } from './event-effect.ts';

export type EventsListener = (events: EngineEventView[]) => void;

const MAX_ATTRIBUTES = 24;
const MAX_ATTRIBUTE_CHARS = 200;

/** The part of a container's inspect answer that names its health check. */
interface HealthcheckSource {
  Config?: { Healthcheck?: { Test?: string[] | null } | null; Shell?: string[] | null } | null;
}

/**
 * What the engine writes after `exec_create: ` for a container's health check: `CMD-SHELL x`
 * runs as `<shell> x` (the container's SHELL, `/bin/sh -c` by default), `CMD a b` as `a b`
 * (Docker's daemon/health.go). Undefined without a health check.
 */
export function healthcheckCommand(test: readonly string[] | null | undefined, shell?: readonly string[] | null): string | undefined {
  if (!test || test.length < 2) return undefined;
  if (test[0] === 'CMD-SHELL') return [...(shell && shell.length > 0 ? shell : ['/bin/sh', '-c']), ...test.slice(1)].join(' ');
  if (test[0] === 'CMD') return test.slice(1).join(' ');
  return undefined;
}

/** Exec ids of recent health checks: `exec_die` does not repeat the command, only the exec id. */
const MAX_HEALTH_EXECS = 256;

function cut(s: string): string {
  return s.length > MAX_ATTRIBUTE_CHARS ? `${s.slice(0, MAX_ATTRIBUTE_CHARS - 1)}…` : s;
}

/**
 * The recent engine events, for the Events pane: a bounded ring fed by the engine's one event
 * stream (whether anyone watches or not, so a pane opened later shows what just happened), and
 * listeners for the live topic. Health-check execs are marked, not dropped: the pane hides them
 * by default, but a presenter may want to show that they happen.
 */
export class EventRing {
  private readonly items: EngineEventView[] = [];
  private readonly listeners = new Set<EventsListener>();
  /** Container id → the command its health check runs (from the inventory's inspects). */
  private readonly healthCommands = new Map<string, string>();
  private readonly healthExecs = new Set<string>();
  private seq = 0;
  /** The newest event's engine time, and the events seen at exactly that time. */
  private lastNano = 0;
  private readonly atLastNano = new Set<string>();

  constructor(private readonly size = EVENTS_RING_SIZE) {}

  /** Oldest first. */
  list(): EngineEventView[] {
    return [...this.items];
  }

  subscribe(listener: EventsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Learns a container's health check from an inspect answer (null: the container is gone). */
  observeContainer(id: string, inspect: HealthcheckSource | null): void {
    const cmd = inspect ? healthcheckCommand(inspect.Config?.Healthcheck?.Test, inspect.Config?.Shell) : undefined;
    if (cmd) this.healthCommands.set(id, cmd);
    else this.healthCommands.delete(id);
  }

  push(e: EngineEvent): void {
    if (this.seen(e)) return;
    const view = this.toView(e);
    if (!view) return;
    this.items.push(view);
    if (this.items.length > this.size) this.items.splice(0, this.items.length - this.size);
    const batch = [view];
    for (const l of this.listeners) l(batch);
  }

  /**
   * After a dropped stream the engine replays from the last event's second: events already in
   * the ring come again and are skipped here (the inventory does not mind them; a feed would).
   */
  private seen(e: EngineEvent): boolean {
    const nano = typeof e.timeNano === 'number' ? e.timeNano : typeof e.time === 'number' ? e.time * 1e9 : undefined;
    if (nano === undefined) return false;
    if (nano < this.lastNano) return true;
    const key = `${e.Type ?? ''}\u0000${e.Action ?? ''}\u0000${e.Actor?.ID ?? ''}`;
    if (nano === this.lastNano) {
      if (this.atLastNano.has(key)) return true;
    } else {
      this.lastNano = nano;
      this.atLastNano.clear();
    }
    this.atLastNano.add(key);
    return false;
  }

  private toView(e: EngineEvent): EngineEventView | undefined {
    const type = e.Type ?? '';
    const action = e.Action ?? '';
    if (!type || !action) return undefined;
    const time = eventTimeMs(e) ?? Date.now();
    const attrs = e.Actor?.Attributes ?? {};
    const attributes: Record<string, string> = {};
    let n = 0;
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'name') continue;
      if (n++ >= MAX_ATTRIBUTES) break;
      attributes[cut(k)] = cut(String(v));
    }
    const id = e.Actor?.ID ?? '';
    const view: EngineEventView = { seq: ++this.seq, time, type, action: cut(action), verb: actionVerb(action), id, attributes };
    if (typeof attrs.name === 'string') view.name = cut(attrs.name);
    if (type === 'container' && view.verb.startsWith('exec_')) {
      const execId = attrs.execID;
      // The engine writes "<entrypoint> <args joined>": a command without arguments ends in a space.
      const args = action.slice(view.verb.length + 2).trim();
      if (execId !== undefined && this.healthExecs.has(execId)) {
        view.healthCheck = true;
        if (view.verb === 'exec_die') this.healthExecs.delete(execId);
      } else if ((view.verb === 'exec_create' || view.verb === 'exec_start') && args === this.healthCommands.get(id)?.trim()) {
        view.healthCheck = true;
        if (execId !== undefined) {
          this.healthExecs.add(execId);
          // Oldest first in a Set: forget the oldest when a check never reported its end.
          if (this.healthExecs.size > MAX_HEALTH_EXECS) this.healthExecs.delete(this.healthExecs.values().next().value!);
        }
      }
    }
    if (type === 'container' && action === 'destroy') this.healthCommands.delete(id);
    return view;
  }
}
