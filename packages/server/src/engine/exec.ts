import type Docker from 'dockerode';
import { readFile } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import type { Engine } from './engine.ts';
import { EngineError, engineMessage, translateEngineError } from './errors.ts';

/**
 * Set in the environment of every terminal exec. The Engine API cannot kill an exec, and the Pid
 * it reports lives in the host's pid namespace, not the container's: this tag is how the exec and
 * everything it started are found again from inside the container, so they can be ended.
 */
export const EXEC_TAG_VAR = 'PHEDDS_TERMINAL';

export interface ExecRequest {
  /** Name, id or unique id prefix. */
  container: string;
  /** Run as given (argv, never through a shell); default: /bin/bash if the image has it, else /bin/sh. */
  command?: string[];
  cols: number;
  rows: number;
  /** Unique per session, fixed length (so no tag is a prefix of another). */
  tag: string;
}

export interface OpenedExec {
  containerId: string;
  containerName: string;
  command: string[];
  /** The process's terminal: write stdin, read its output (a TTY merges stderr into stdout). */
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  /** Its exit code, once `stream` has ended; null when the engine cannot tell. */
  exitCode(): Promise<number | null>;
  /**
   * Ends the exec and whatever it started in the container; resolves once they are gone, with
   * false when that could not be done (no sh in the image and an engine on another machine).
   */
  kill(): Promise<boolean>;
}

const SHELLS = ['/bin/bash', '/bin/sh'];

/**
 * HUP every process carrying the tag (what a closed terminal sends), give them a second, then KILL
 * what is left. A constant script; the tag arrives as $1, never spliced into the text.
 */
const KILL_SCRIPT = [
  'm="$1"',
  'command -v grep >/dev/null || exit 3',
  'hit() { n=0; for p in /proc/[0-9]*; do grep -q "$m" "$p/environ" 2>/dev/null || continue; kill -"$1" "${p#/proc/}" 2>/dev/null && n=$((n+1)); done; [ "$n" -gt 0 ]; }',
  'hit HUP || exit 0',
  'i=0; while [ "$i" -lt 10 ]; do sleep 0.1; hit 0 || exit 0; i=$((i+1)); done',
  'hit KILL; exit 0',
].join('\n');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function pathExists(container: Docker.Container, path: string, what: string, engine: Engine): Promise<boolean> {
  try {
    // A HEAD on the archive endpoint stats the path without running anything in the container.
    const res = (await container.infoArchive({ path })) as { resume?: () => void } | undefined;
    res?.resume?.();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw translateEngineError(err, what, engine.address);
  }
}

async function runningContainer(engine: Engine, ref: string): Promise<{ container: Docker.Container; id: string; name: string }> {
  const known = engine.containers.find(ref);
  if (!known) {
    throw new EngineError(404, 'not_found', `No container "${ref}" on this engine. Check the name or id; it may have been removed.`, {
      container: ref,
    });
  }
  const container = engine.docker.getContainer(known.id);
  let info: Docker.ContainerInspectInfo;
  try {
    info = await container.inspect();
  } catch (err) {
    throw translateEngineError(err, `open a shell in ${known.name}`, engine.address);
  }
  const name = info.Name.replace(/^\//, '') || known.name;
  const st = info.State;
  if (st.Paused) throw new EngineError(409, 'not_running', `${name} is paused; unpause it first.`, { container: name, state: 'paused' });
  if (st.Restarting) {
    throw new EngineError(409, 'not_running', `${name} is restarting; wait until it runs, then open the shell again.`, {
      container: name,
      state: 'restarting',
    });
  }
  if (!st.Running) {
    throw new EngineError(409, 'not_running', `${name} is ${st.Status}; start it first.`, { container: name, state: st.Status });
  }
  return { container, id: info.Id, name };
}

/** Opens a process with a TTY inside a running container, sized to the terminal. */
export async function openExec(engine: Engine, req: ExecRequest): Promise<OpenedExec> {
  engine.assertUp();
  const { container, id, name } = await runningContainer(engine, req.container);
  let command = req.command;
  if (!command) {
    for (const sh of SHELLS) {
      if (await pathExists(container, sh, `look for a shell in ${name}`, engine)) {
        command = [sh];
        break;
      }
    }
    if (!command) {
      throw new EngineError(
        409,
        'no_shell',
        `${name}'s image has neither /bin/bash nor /bin/sh, so there is no shell to open. Run one of the image's own programs instead by giving a command.`,
        { container: name },
      );
    }
  }
  const what = `run ${command[0]} in ${name}`;
  let exec: Docker.Exec;
  let stream: Duplex;
  try {
    exec = await container.exec({
      Cmd: command,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color', `${EXEC_TAG_VAR}=${req.tag}`],
    });
    // The hijacked stream lives as long as the shell: it goes through the client without an idle timeout.
    stream = await engine.streams.getExec(exec.id).start({ hijack: true, stdin: true, Tty: true });
  } catch (err) {
    throw translateEngineError(err, what, engine.address);
  }
  const handle = engine.docker.getExec(exec.id);
  const resize = async (cols: number, rows: number): Promise<void> => {
    await handle.resize({ h: rows, w: cols });
  };
  // A new exec's TTY is 0×0 until resized; some engines refuse a resize in the first instant.
  await resize(req.cols, req.rows).catch(async () => {
    await sleep(50);
    await resize(req.cols, req.rows).catch(() => undefined);
  });

  const exitCode = async (): Promise<number | null> => {
    // The stream can end a moment before the engine records the exit.
    for (let i = 0; i < 40; i++) {
      try {
        const s = await handle.inspect();
        if (!s.Running) return s.ExitCode;
      } catch {
        return null;
      }
      await sleep(25);
    }
    return null;
  };

  const kill = async (): Promise<boolean> => {
    const done = (await killInside(engine, container, req.tag)) || (await killOnHost(engine, handle, req.tag));
    stream.destroy();
    return done;
  };

  return { containerId: id, containerName: name, command, stream, resize, exitCode, kill };
}

/** Runs the kill script in the container; false when it could not run there (no sh or grep). */
async function killInside(engine: Engine, container: Docker.Container, tag: string): Promise<boolean> {
  try {
    const exec = await container.exec({
      Cmd: ['sh', '-c', KILL_SCRIPT, 'phedds-kill', `${EXEC_TAG_VAR}=${tag}`],
      AttachStdout: true,
      AttachStderr: true,
    });
    const out = await exec.start({ hijack: false, stdin: false });
    await new Promise<void>((resolve) => {
      out.on('end', resolve);
      out.on('close', resolve);
      out.on('error', () => resolve());
      out.resume();
    });
    const r = await exec.inspect();
    return r.ExitCode === 0;
  } catch (err) {
    // A stopped or removed container took its processes with it.
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 404 || status === 409) return true;
    if (/is not running/i.test(engineMessage(err))) return true;
    return false;
  }
}

/**
 * Fallback for images without sh: when the engine runs on this machine, its Pid is ours to signal,
 * but only once /proc confirms it still is that exec (pids are recycled).
 */
async function killOnHost(engine: Engine, handle: Docker.Exec, tag: string): Promise<boolean> {
  let pid: number;
  try {
    const s = await handle.inspect();
    if (!s.Running || !s.Pid) return true;
    pid = s.Pid;
  } catch {
    return true; // the exec (or its container) is gone
  }
  if (!engine.address.startsWith('unix://')) return false;
  try {
    const env = await readFile(`/proc/${pid}/environ`);
    if (!env.includes(`${EXEC_TAG_VAR}=${tag}`)) return false;
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    // Not visible from here (another pid namespace or host): nothing more this console can do.
    return false;
  }
}
