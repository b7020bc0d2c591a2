import type { Readable } from 'node:stream';
import type { Engine } from './engine.ts';
import { engineMessage, translateEngineError } from './errors.ts';
import { LineSplitter } from './event-effect.ts';

/**
 * Engine calls for compose stacks on one engine: networks, volumes and containers found by the
 * labels docker compose writes, created and removed through the Engine API. Every failure comes
 * back as an EngineError carrying the engine's own message.
 */

export const PROJECT_LABEL = 'com.docker.compose.project';

export interface LabelledObject {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export async function listProjectNetworks(engine: Engine, project: string): Promise<LabelledObject[]> {
  try {
    const list = await engine.docker.listNetworks({ filters: { label: [`${PROJECT_LABEL}=${project}`] } });
    return list.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
  } catch (err) {
    throw translateEngineError(err, `list the networks of ${project}`, engine.address);
  }
}

export async function listProjectVolumes(engine: Engine, project: string): Promise<LabelledObject[]> {
  try {
    const r = await engine.docker.listVolumes({ filters: { label: [`${PROJECT_LABEL}=${project}`] } });
    return (r.Volumes ?? []).map((v) => ({ id: v.Name, name: v.Name, labels: (v.Labels as Record<string, string> | null) ?? {} }));
  } catch (err) {
    throw translateEngineError(err, `list the volumes of ${project}`, engine.address);
  }
}

/** Whether a network or volume of that exact name exists (for external ones). */
export async function networkExists(engine: Engine, name: string): Promise<boolean> {
  try {
    await engine.docker.getNetwork(name).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw translateEngineError(err, `inspect network ${name}`, engine.address);
  }
}

export async function volumeExists(engine: Engine, name: string): Promise<boolean> {
  try {
    await engine.docker.getVolume(name).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw translateEngineError(err, `inspect volume ${name}`, engine.address);
  }
}

/** The engine's id of an image (`sha256:…`), or null when the engine does not have it. */
export async function imageId(engine: Engine, ref: string): Promise<string | null> {
  try {
    return (await engine.docker.getImage(ref).inspect()).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw translateEngineError(err, `inspect image ${ref}`, engine.address);
  }
}

/**
 * Pulls an image, reporting the engine's progress lines. Resolves when the pull ended well;
 * rejects with the engine's own error otherwise (a pull reports failures inside its stream).
 */
export async function pullImage(engine: Engine, ref: string, onLine: (status: string) => void, timeoutMs = 120_000): Promise<void> {
  let stream: Readable;
  try {
    stream = (await engine.streams.pull(ref)) as unknown as Readable;
  } catch (err) {
    throw translateEngineError(err, `pull ${ref}`, engine.address);
  }
  await new Promise<void>((resolve, reject) => {
    const lines = new LineSplitter();
    let failed: string | undefined;
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new Error(`pulling ${ref} took more than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      for (const line of lines.push(chunk)) {
        try {
          const m = JSON.parse(line) as { status?: string; error?: string; id?: string; progress?: string };
          if (m.error) failed = m.error;
          else if (m.status) onLine(`${m.id ? m.id + ': ' : ''}${m.status}${m.progress ? ' ' + m.progress : ''}`);
        } catch {
          /* a partial or foreign line: ignore */
        }
      }
    });
    stream.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    stream.on('end', () => {
      clearTimeout(timer);
      if (failed) reject(new Error(failed));
      else resolve();
    });
  });
}

export async function createNetwork(engine: Engine, body: Record<string, unknown>): Promise<string> {
  try {
    const n = await engine.docker.createNetwork(body as never);
    return n.id;
  } catch (err) {
    throw translateEngineError(err, `create network ${String(body.Name)}`, engine.address);
  }
}

export async function removeNetwork(engine: Engine, name: string): Promise<void> {
  try {
    await engine.docker.getNetwork(name).remove();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return;
    throw translateEngineError(err, `remove network ${name}`, engine.address);
  }
}

export async function createVolume(engine: Engine, body: Record<string, unknown>): Promise<void> {
  try {
    // dockerode's typings only describe the callback form here; the promise form is what runs.
    await (engine.docker.createVolume as (o: unknown) => Promise<unknown>).call(engine.docker, body);
  } catch (err) {
    throw translateEngineError(err, `create volume ${String(body.Name)}`, engine.address);
  }
}

export async function removeVolume(engine: Engine, name: string): Promise<void> {
  try {
    await engine.docker.getVolume(name).remove();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return;
    throw translateEngineError(err, `remove volume ${name}`, engine.address);
  }
}

export async function createContainer(engine: Engine, body: Record<string, unknown>): Promise<string> {
  try {
    const c = await engine.docker.createContainer(body);
    return c.id;
  } catch (err) {
    throw translateEngineError(err, `create container ${String(body.name)}`, engine.address);
  }
}

export async function connectNetwork(engine: Engine, network: string, container: string, endpoint: Record<string, unknown>): Promise<void> {
  try {
    await engine.docker.getNetwork(network).connect({ Container: container, EndpointConfig: endpoint });
  } catch (err) {
    throw translateEngineError(err, `connect ${container.slice(0, 12)} to ${network}`, engine.address);
  }
}

export async function startContainer(engine: Engine, id: string): Promise<void> {
  try {
    await engine.docker.getContainer(id).start();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 304) return;
    throw translateEngineError(err, `start ${id.slice(0, 12)}`, engine.address);
  }
}

export async function stopContainer(engine: Engine, id: string, timeoutSec: number): Promise<void> {
  try {
    await engine.streams.getContainer(id).stop({ t: timeoutSec });
  } catch (err) {
    const code = (err as { statusCode?: number }).statusCode;
    if (code === 304 || code === 404) return;
    throw translateEngineError(err, `stop ${id.slice(0, 12)}`, engine.address);
  }
}

export async function renameContainer(engine: Engine, id: string, name: string): Promise<void> {
  try {
    await engine.docker.getContainer(id).rename({ name });
  } catch (err) {
    throw translateEngineError(err, `rename ${id.slice(0, 12)} to ${name}`, engine.address);
  }
}

export async function removeContainerById(engine: Engine, id: string, volumes = false): Promise<void> {
  try {
    await engine.streams.getContainer(id).remove({ force: true, v: volumes });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return;
    throw translateEngineError(err, `remove ${id.slice(0, 12)}`, engine.address);
  }
}

export interface ContainerOutcome {
  running: boolean;
  exitCode?: number;
  health?: string;
  error?: string;
  /** The last lines of its log, to say why it failed. */
  logTail?: string;
}

/** State, health and, for a container that stopped, its last log lines. */
export async function containerOutcome(engine: Engine, id: string, withLogs: boolean): Promise<ContainerOutcome> {
  try {
    const c = engine.docker.getContainer(id);
    const j = await c.inspect();
    const out: ContainerOutcome = {
      running: j.State.Running,
      exitCode: j.State.ExitCode,
      ...(j.State.Health ? { health: j.State.Health.Status } : {}),
      ...(j.State.Error ? { error: j.State.Error } : {}),
    };
    if (withLogs) {
      const raw = await c.logs({ stdout: true, stderr: true, tail: 5, follow: false });
      out.logTail = demux(raw).trim().slice(-500);
    }
    return out;
  } catch (err) {
    return { running: false, error: engineMessage(err) };
  }
}

/** Whether a container has a healthcheck (its own or its image's), read from the engine. */
export async function hasHealthcheck(engine: Engine, id: string): Promise<boolean> {
  try {
    const j = await engine.docker.getContainer(id).inspect();
    const test = (j.Config as { Healthcheck?: { Test?: string[] } }).Healthcheck?.Test;
    return Array.isArray(test) && test.length > 0 && test[0] !== 'NONE';
  } catch (err) {
    throw translateEngineError(err, `inspect ${id.slice(0, 12)}`, engine.address);
  }
}

/** Strips the 8-byte frame headers of a non-TTY log answer. */
function demux(buf: Buffer): string {
  let out = '';
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2) && buf[i + 1] === 0) {
    const len = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + len).toString('utf8');
    i += 8 + len;
  }
  return i === 0 ? buf.toString('utf8') : out;
}
