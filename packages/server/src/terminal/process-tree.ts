import { readdir, readFile } from 'node:fs/promises';
import { sleep } from './process.ts';

/**
 * Every live process of the session led by `sid` (Linux): the shell a pty started is a session
 * leader, and everything run from it (foreground jobs, background jobs, nohup'd commands) keeps
 * its session id unless it deliberately calls setsid. Empty elsewhere or when /proc is unreadable.
 */
export async function sessionMembers(sid: number): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return [];
  }
  const found = await Promise.all(
    names
      .filter((n) => /^\d+$/.test(n))
      .map(async (n) => {
        try {
          const stat = await readFile(`/proc/${n}/stat`, 'utf8');
          // "pid (comm) state ppid pgrp session …": comm may hold spaces and parentheses.
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return f[0] !== 'Z' && Number(f[3]) === sid ? Number(n) : undefined;
        } catch {
          return undefined;
        }
      }),
  );
  return found.filter((p): p is number => p !== undefined);
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      // Already gone, or not ours.
    }
  }
}

/**
 * Ends a pty's whole session: SIGHUP (what closing a terminal sends), a second for shells and
 * editors to clean up, then SIGKILL for whatever ignored it (`nohup`, a stuck process).
 */
export async function endSession(leader: number, leaderAlive: () => boolean, graceMs = 1000): Promise<void> {
  const targets = async (): Promise<number[]> => {
    const members = new Set(await sessionMembers(leader));
    if (leaderAlive()) members.add(leader);
    return [...members];
  };
  let left = await targets();
  if (left.length === 0) return;
  signal(left, 'SIGHUP');
  const end = Date.now() + graceMs;
  while (left.length > 0 && Date.now() < end) {
    await sleep(50);
    left = await targets();
  }
  signal(left, 'SIGKILL');
}
