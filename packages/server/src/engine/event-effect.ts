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

/** The engine objects besides containers that Phedds keeps inventories of. */
export type ResourceKind = 'network' | 'volume' | 'image';

/** What an engine event means for the networks, volumes or images. */
export type ResourceEffect =
  | { kind: 'refresh'; resource: ResourceKind; key: string }
  | { kind: 'remove'; resource: ResourceKind; key: string }
  /** The event does not name each object (prunes, pulls by reference): re-read the whole list. */
  | { kind: 'reconcile'; resource: ResourceKind }
  | { kind: 'ignore' };

/**
 * Decides what a single engine event does to the network, volume and image inventories. Pure.
 * - network `connect`/`disconnect` change the container (see containerEffect), not the network;
 * - volume `mount`/`unmount` happen at every start and stop and change nothing shown;
 * - `prune` is followed by a reconcile: Docker 20.10 prunes volumes without a destroy event each;
 * - image events name the image by id, except `pull` and `load`, which name a reference.
 */
export function resourceEffect(e: EngineEvent): ResourceEffect {
  const action = e.Action ?? '';
  const id = e.Actor?.ID ?? '';
  switch (e.Type) {
    case 'network':
      if (action === 'prune') return { kind: 'reconcile', resource: 'network' };
      if (!id || action === 'connect' || action === 'disconnect') return { kind: 'ignore' };
      if (action === 'destroy' || action === 'remove') return { kind: 'remove', resource: 'network', key: id };
      return { kind: 'refresh', resource: 'network', key: id };
    case 'volume':
      if (action === 'prune') return { kind: 'reconcile', resource: 'volume' };
      if (!id || action === 'mount' || action === 'unmount') return { kind: 'ignore' };
      if (action === 'destroy') return { kind: 'remove', resource: 'volume', key: id };
      return { kind: 'refresh', resource: 'volume', key: id };
    case 'image':
      if (action === 'push' || action === 'save') return { kind: 'ignore' };
      // A delete may only remove a tag's last image while another tag keeps the id: confirm with a read.
      if (id.startsWith('sha256:') && action !== 'prune') return { kind: 'refresh', resource: 'image', key: id };
      return { kind: 'reconcile', resource: 'image' };
    default:
      return { kind: 'ignore' };
  }
}
