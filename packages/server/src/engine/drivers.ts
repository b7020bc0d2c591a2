import type { Engine } from './engine.ts';
import { EngineError, translateEngineError } from './errors.ts';

/**
 * Refuses a driver the engine does not know, at once. Asked for an unknown driver, the engine
 * searches for a plugin of that name for several seconds before it answers, longer than a request
 * may take; its `info` lists the drivers it has (built in and from enabled plugins).
 */
export async function assertDriver(engine: Engine, kind: 'network' | 'volume', driver: string | undefined): Promise<void> {
  if (!driver) return;
  let known: string[];
  try {
    const info = (await engine.docker.info()) as { Plugins?: { Network?: string[] | null; Volume?: string[] | null } };
    known = (kind === 'network' ? info.Plugins?.Network : info.Plugins?.Volume) ?? [];
  } catch (err) {
    throw translateEngineError(err, `check the ${kind} driver`, engine.address);
  }
  if (known.length === 0 || known.includes(driver)) return;
  throw new EngineError(
    400,
    'bad_request',
    `The engine has no ${kind} driver "${driver}". Use one of ${known.join(', ')}, or install the plugin that provides it.`,
    [{ field: 'body.driver', problem: `must be one of ${known.join(', ')}` }],
  );
}
