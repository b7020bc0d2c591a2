import type { ContainerAction } from '@phedds/shared';
import type { Engine } from './engine.ts';
import { EngineError, translateEngineError } from './errors.ts';

export interface ActionOptions {
  /** Seconds to wait before killing, for stop/restart. */
  timeout?: number;
  /** Signal name for kill, e.g. SIGTERM. */
  signal?: string;
}

function resolveId(engine: Engine, ref: string): string {
  const c = engine.containers.find(ref);
  if (!c) {
    throw new EngineError(404, 'not_found', `No container "${ref}" on this engine. Check the name or id; it may have been removed.`, {
      container: ref,
    });
  }
  return c.id;
}

/** Runs a lifecycle action and waits until the inventory reflects it, so the answer is never stale. */
export async function containerAction(engine: Engine, ref: string, action: ContainerAction, opts: ActionOptions = {}): Promise<string> {
  engine.assertUp();
  const id = resolveId(engine, ref);
  const c = (action === 'stop' || action === 'restart' ? engine.streams : engine.docker).getContainer(id);
  try {
    switch (action) {
      case 'start':
        await c.start();
        break;
      case 'stop':
        await c.stop(opts.timeout !== undefined ? { t: opts.timeout } : {});
        break;
      case 'restart':
        await c.restart(opts.timeout !== undefined ? { t: opts.timeout } : {});
        break;
      case 'pause':
        await c.pause();
        break;
      case 'unpause':
        await c.unpause();
        break;
      case 'kill':
        await c.kill(opts.signal ? { signal: opts.signal } : {});
        break;
    }
  } catch (err) {
    throw translateEngineError(err, `${action} ${engine.containers.get(id)?.name ?? ref}`, engine.address);
  }
  engine.containers.refresh(id);
  await engine.containers.settled(id);
  return id;
}

export async function removeContainer(engine: Engine, ref: string, opts: { force: boolean; volumes: boolean }): Promise<string> {
  engine.assertUp();
  const id = resolveId(engine, ref);
  const name = engine.containers.get(id)?.name ?? ref;
  try {
    await engine.docker.getContainer(id).remove({ force: opts.force, v: opts.volumes });
  } catch (err) {
    const e = translateEngineError(err, `remove ${name}`, engine.address);
    if (e.code === 'conflict') {
      throw new EngineError(409, 'conflict', `${name} is running: stop it first, or remove with force=true. (${e.message})`, {
        container: name,
      });
    }
    throw e;
  }
  engine.containers.refresh(id);
  await engine.containers.settled(id);
  return id;
}

/** The engine's full inspect answer, for the details view. */
export async function inspectContainer(engine: Engine, ref: string): Promise<unknown> {
  engine.assertUp();
  const id = resolveId(engine, ref);
  try {
    return await engine.docker.getContainer(id).inspect();
  } catch (err) {
    throw translateEngineError(err, `inspect ${ref}`, engine.address);
  }
}
