/** One message of the engine's `GET /events` stream (the fields Phedds reads). */
export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

/** What an engine event means for the container inventory. */
export type ContainerEffect = { kind: 'refresh'; id: string } | { kind: 'remove'; id: string } | { kind: 'ignore' };

/**
 * Container actions that do not change what the inventory shows. Health checks run as execs, so a
 * container with a 1 s HEALTHCHECK emits three exec events a second: re-reading it for each would
 * load the engine for nothing (`health_status` is what matters, and it is not in this list).
 */
const IGNORED_CONTAINER_ACTIONS = new Set([
  'attach',
  'detach',
  'resize',
  'top',
  'copy',
  'export',
  'commit',
  'archive-path',
  'extract-to-dir',
  'exec_create',
  'exec_start',
  'exec_die',
  'exec_detach',
]);

/** The action's verb: "exec_start: /bin/sh -c true" → "exec_start", "health_status: healthy" → "health_status". */
export function actionVerb(action: string): string {
  const i = action.indexOf(':');
  return i === -1 ? action : action.slice(0, i);
}

/** Decides what a single engine event does to the container inventory. Pure. */
export function containerEffect(e: EngineEvent): ContainerEffect {
  const action = e.Action ?? '';
  if (e.Type === 'container') {
    const id = e.Actor?.ID;
    if (!id) return { kind: 'ignore' };
    if (action === 'destroy') return { kind: 'remove', id };
    if (IGNORED_CONTAINER_ACTIONS.has(actionVerb(action))) return { kind: 'ignore' };
    return { kind: 'refresh', id };
  }
  // A container joining or leaving a network changes its network list.
  if (e.Type === 'network' && (action === 'connect' || action === 'disconnect')) {
    const id = e.Actor?.Attributes?.container;
    return id ? { kind: 'refresh', id } : { kind: 'ignore' };
  }
  return { kind: 'ignore' };
}

/** The engine's event time in epoch ms, with the sub-millisecond fraction kept. */
export function eventTimeMs(e: EngineEvent): number | undefined {
  if (typeof e.timeNano === 'number') return e.timeNano / 1e6;
  if (typeof e.time === 'number') return e.time * 1000;
  return undefined;
}

/**
 * Splits a chunked JSON-lines stream. The engine's chunks need not end on line boundaries,
 * so a partial last line is kept until the next chunk. Bounded: a line longer than `maxLine`
 * is dropped rather than buffered forever.
 */
export class LineSplitter {
  private rest = '';
  constructor(private readonly maxLine = 1 << 20) {}

  push(chunk: string): string[] {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    if (this.rest.length > this.maxLine) this.rest = '';
    return parts.filter((p) => p.trim().length > 0);
  }
}
