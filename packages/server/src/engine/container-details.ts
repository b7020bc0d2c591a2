import { MAX_CHANGES, type ChangeKind, type ContainerChange, type ContainerChanges, type ContainerTop } from '@phedds/shared';
import type { Engine } from './engine.ts';
import { EngineError, translateEngineError } from './errors.ts';

function known(engine: Engine, ref: string): { id: string; name: string } {
  const c = engine.containers.find(ref);
  if (!c) {
    throw new EngineError(404, 'not_found', `No container "${ref}" on this engine. Check the name or id; it may have been removed.`, {
      container: ref,
    });
  }
  return c;
}

/** `docker top`: the container's processes. Only a running (or paused) container has any. */
export async function containerTop(engine: Engine, ref: string): Promise<ContainerTop> {
  engine.assertUp();
  const c = known(engine, ref);
  const state = engine.containers.get(c.id)?.state;
  if (state !== 'running' && state !== 'paused') {
    throw new EngineError(409, 'not_running', `${c.name} is ${state ?? 'not running'}: it has no processes. Start it to see them.`, {
      container: c.name,
      state,
    });
  }
  let r: { Titles?: string[]; Processes?: string[][] | null };
  try {
    // No `ps` arguments from the client: the engine runs ps on its host with them.
    r = (await engine.docker.getContainer(c.id).top()) as typeof r;
  } catch (err) {
    const e = translateEngineError(err, `list the processes of ${c.name}`, engine.address);
    if (e.status === 409)
      throw new EngineError(409, 'not_running', `${c.name} is not running: it has no processes.`, { container: c.name });
    throw e;
  }
  return { id: c.id, name: c.name, titles: r.Titles ?? [], processes: r.Processes ?? [], at: Date.now() };
}

const KINDS: Record<number, ChangeKind> = { 0: 'changed', 1: 'added', 2: 'deleted' };

/** `docker diff`: what the container changed in its filesystem, relative to its image. */
export async function containerChanges(engine: Engine, ref: string): Promise<ContainerChanges> {
  engine.assertUp();
  const c = known(engine, ref);
  let raw: unknown;
  try {
    raw = await engine.docker.getContainer(c.id).changes();
  } catch (err) {
    throw translateEngineError(err, `read the filesystem changes of ${c.name}`, engine.address);
  }
  // A container that changed nothing gets the body `null`, which dockerode hands over as raw bytes.
  if (Buffer.isBuffer(raw)) raw = JSON.parse(raw.toString('utf8') || 'null') as unknown;
  const list = Array.isArray(raw) ? (raw as { Path: string; Kind: number }[]) : [];
  const all: ContainerChange[] = list.map((x) => ({ path: x.Path, kind: KINDS[x.Kind] ?? 'changed' }));
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { id: c.id, name: c.name, changes: all.slice(0, MAX_CHANGES), total: all.length, at: Date.now() };
}
