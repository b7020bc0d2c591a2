import { spawn, type IPty } from 'node-pty';
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute } from 'node:path';
import { signalName, sleep, type ProcessExit, type TerminalProcess } from './process.ts';
import { endSession } from './process-tree.ts';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The user's login shell when it is a real one, else bash, else sh. */
export function pickShell(env: NodeJS.ProcessEnv = process.env): string {
  const own = env.SHELL;
  if (own && isAbsolute(own) && !/(nologin|false)$/.test(own) && executable(own)) return own;
  return executable('/bin/bash') ? '/bin/bash' : '/bin/sh';
}

/**
 * The environment of a host shell: the console's own, with the docker CLI pointed at the console's
 * engine. Settings that would send the CLI elsewhere (a context, TLS for another daemon) are dropped.
 */
export function hostShellEnv(engineAddress: string, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  for (const k of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'COLUMNS', 'LINES']) delete env[k];
  env.DOCKER_HOST = engineAddress;
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  return env;
}

export interface HostShellOptions {
  engineAddress: string;
  cols: number;
  rows: number;
}

/** A shell on the console's host in a real pty. */
export function openHostShell(opts: HostShellOptions): TerminalProcess & { readonly pid: number } {
  const shell = pickShell();
  const home = homedir();
  const pty: IPty = spawn(shell, [], {
    name: 'xterm-256color',
    cols: opts.cols,
    rows: opts.rows,
    cwd: home && existsSync(home) ? home : '/',
    env: hostShellEnv(opts.engineAddress),
    // Raw bytes: a UTF-8 character split across two reads must reach the browser intact.
    encoding: null,
  });
  let exited = false;
  let exitWaiters: (() => void)[] = [];
  pty.onExit(() => {
    exited = true;
    for (const w of exitWaiters) w();
    exitWaiters = [];
  });
  let killing: Promise<void> | undefined;
  return {
    pid: pty.pid,
    command: [shell],
    onData: (listener) => {
      // With `encoding: null` node-pty hands over Buffers, whatever its typings say.
      pty.onData((d) => listener(d as unknown as Buffer));
    },
    onExit: (listener) => {
      pty.onExit(({ exitCode, signal }) => {
        const name = signal ? signalName(signal) : undefined;
        listener(name ? { code: null, signal: name } : ({ code: exitCode } satisfies ProcessExit));
      });
    },
    // node-pty queues writes itself and retries on EAGAIN; it gives no way to see that queue.
    write: (data) => {
      if (!exited) pty.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      return true;
    },
    onDrain: () => undefined,
    resize: (cols, rows) => {
      if (!exited) pty.resize(cols, rows);
    },
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    kill: () =>
      (killing ??= (async () => {
        // A paused pty would hold the shell's last output and its exit back.
        pty.resume();
        await endSession(pty.pid, () => !exited);
        if (!exited) await Promise.race([new Promise<void>((r) => exitWaiters.push(r)), sleep(2000)]);
      })()),
  };
}
