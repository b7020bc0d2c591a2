import type { Readable } from 'node:stream';
import type { Engine } from './engine.ts';
import { EngineError, translateEngineError } from './errors.ts';

export interface LogOpenOptions {
  /** Lines of history before following (the engine's `tail`). */
  tail: number;
  /** Only lines from this time on: the engine's `since` (seconds with a fraction). */
  since?: string;
}

export interface OpenedLogs {
  /** The engine's follow stream; destroy it to close the request. */
  stream: Readable;
  /** A TTY container's log is raw output; otherwise it is multiplexed (stdout/stderr frames). */
  tty: boolean;
  /** Whether the container ran when the stream was opened (a stopped one's stream ends after its history). */
  running: boolean;
  name: string;
}

/**
 * Opens one container's log on the engine: history, then new lines as they are written, with the
 * engine's timestamps. Goes through the stream client, which has no idle timeout (a quiet
 * container must not cut its log).
 */
export async function openContainerLogs(engine: Engine, id: string, opts: LogOpenOptions): Promise<OpenedLogs> {
  engine.assertUp();
  const container = engine.streams.getContainer(id);
  let tty: boolean;
  let running: boolean;
  let name: string;
  try {
    const info = await engine.docker.getContainer(id).inspect();
    tty = info.Config.Tty;
    running = info.State.Running;
    name = info.Name.replace(/^\//, '');
  } catch (err) {
    throw translateEngineError(err, `read the log of ${id.slice(0, 12)}`, engine.address);
  }
  try {
    const stream = (await container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      timestamps: true,
      tail: opts.tail,
      ...(opts.since !== undefined ? { since: opts.since as unknown as number } : {}),
    })) as unknown as Readable;
    return { stream, tty, running, name };
  } catch (err) {
    const e = translateEngineError(err, `read the log of ${name}`, engine.address);
    // A log driver without read support (syslog, none…): say what to do, not just "not implemented".
    if (e.status === 502 || e.status === 400) {
      throw new EngineError(409, 'logs_unavailable', `${name}'s logs cannot be read back from the engine: ${e.message}`, {
        container: name,
      });
    }
    throw e;
  }
}
