import type { VolumeView } from '@phedds/shared';
import type { Engine } from './engine.ts';
import { assertDriver } from './drivers.ts';
import { EngineError, engineMessage, translateEngineError } from './errors.ts';

export interface VolumeSpec {
  /** Omitted: the engine names it (an anonymous volume). */
  name?: string;
  driver?: string;
  labels?: Record<string, string>;
  driverOptions?: Record<string, string>;
}

function resolveVolume(engine: Engine, name: string): VolumeView {
  const v = engine.objects.volumes.get(name);
  if (!v) {
    throw new EngineError(404, 'not_found', `No volume "${name}" on this engine. Check the name (GET /api/volumes lists them).`, {
      volume: name,
    });
  }
  return v;
}

/** Creates a volume and answers once the inventory shows it. */
export async function createVolume(engine: Engine, spec: VolumeSpec): Promise<VolumeView> {
  engine.assertUp();
  // The engine answers "created" for a name that exists, and keeps the old volume as it was:
  // say so instead, or labels and options given here would be silently ignored.
  if (spec.name && engine.objects.volumes.get(spec.name)) {
    throw new EngineError(409, 'conflict', `A volume named "${spec.name}" already exists. Choose another name, or use that one.`, {
      volume: spec.name,
    });
  }
  await assertDriver(engine, 'volume', spec.driver);
  let name: string;
  try {
    const created = await engine.docker.createVolume({
      ...(spec.name ? { Name: spec.name } : {}),
      ...(spec.driver ? { Driver: spec.driver } : {}),
      ...(spec.labels ? { Labels: spec.labels } : {}),
      ...(spec.driverOptions ? { DriverOpts: spec.driverOptions } : {}),
    });
    name = created.name;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) {
      throw new EngineError(
        400,
        'bad_request',
        `The engine has no volume driver "${spec.driver ?? ''}": ${engineMessage(err)}. Use local, or install the plugin.`,
      );
    }
    throw translateEngineError(err, `create volume ${spec.name ?? ''}`.trim(), engine.address);
  }
  engine.objects.volumes.refresh(name);
  await engine.objects.volumes.settled(name);
  const view = engine.objects.volumes.get(name);
  if (!view)
    throw new EngineError(
      502,
      'engine_error',
      `The engine created volume ${name} but no longer lists it; it may have been removed at once.`,
    );
  return view;
}

/** `volume is in use - [id1, id2]` → the ids. */
export function idsInUse(message: string): string[] {
  const m = /in use - \[([^\]]*)\]/.exec(message);
  return m
    ? m[1]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

export async function removeVolume(engine: Engine, name: string, opts: { force: boolean }): Promise<string> {
  engine.assertUp();
  const v = resolveVolume(engine, name);
  try {
    await engine.docker.getVolume(v.name).remove(opts.force ? { force: true } : {});
  } catch (err) {
    const msg = engineMessage(err);
    if ((err as { statusCode?: number }).statusCode === 409 && /in use/i.test(msg)) {
      // The engine's list of users is the authority; the inventory gives them names.
      const ids = idsInUse(msg);
      const users = (ids.length > 0 ? ids : v.usedBy.map((u) => u.container)).map((id) => ({
        id,
        name: engine.containers.get(id)?.name ?? id.slice(0, 12),
      }));
      const names = users.map((u) => u.name);
      throw new EngineError(
        409,
        'in_use',
        `Volume "${v.name}" is in use by ${names.join(', ') || 'a container'}. Remove ${names.length > 1 ? 'those containers' : 'that container'} first (a stopped container still holds its volumes), then remove the volume.`,
        { volume: v.name, containers: users },
      );
    }
    throw translateEngineError(err, `remove volume ${v.name}`, engine.address);
  }
  engine.objects.volumes.refresh(v.name);
  await engine.objects.volumes.settled(v.name);
  return v.name;
}

/** The engine's full inspect answer, for the details view. */
export async function inspectVolume(engine: Engine, name: string): Promise<{ volume: VolumeView; inspect: unknown }> {
  engine.assertUp();
  const v = resolveVolume(engine, name);
  try {
    return { volume: v, inspect: await engine.docker.getVolume(v.name).inspect() };
  } catch (err) {
    throw translateEngineError(err, `inspect volume ${v.name}`, engine.address);
  }
}
