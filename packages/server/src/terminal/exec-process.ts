import type { OpenedExec } from '../engine/exec.ts';
import { sleep, type ProcessExit, type TerminalProcess } from './process.ts';

/** A container exec as a terminal process: its hijacked stream is the terminal. */
export function execProcess(ex: OpenedExec, log: (msg: string) => void): TerminalProcess {
  const { stream } = ex;
  let exit: ProcessExit | undefined;
  const exitListeners: ((e: ProcessExit) => void)[] = [];
  let ended = false;
  const onEnd = (): void => {
    if (ended) return;
    ended = true;
    void ex.exitCode().then((code) => {
      exit = { code };
      for (const l of exitListeners) l(exit);
    });
  };
  stream.on('end', onEnd);
  stream.on('close', onEnd);
  stream.on('error', (err) => {
    log(`exec stream in ${ex.containerName} failed: ${err.message}`);
    onEnd();
  });
  let killing: Promise<void> | undefined;
  return {
    command: ex.command,
    onData: (listener) => stream.on('data', listener),
    onExit: (listener) => {
      if (exit) listener(exit);
      else exitListeners.push(listener);
    },
    write: (data) => (ended ? true : stream.write(data)),
    onDrain: (listener) => stream.on('drain', listener),
    resize: (cols, rows) => {
      if (!ended) ex.resize(cols, rows).catch((err: Error) => log(`resize in ${ex.containerName} failed: ${err.message}`));
    },
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    kill: () =>
      (killing ??= (async () => {
        stream.resume();
        if (!(await ex.kill())) {
          log(`could not end the exec in ${ex.containerName}: its image has no sh and the engine is not on this machine; it may still run`);
        }
        if (!exit) await Promise.race([new Promise<void>((r) => exitListeners.push(() => r())), sleep(2000)]);
      })()),
  };
}
