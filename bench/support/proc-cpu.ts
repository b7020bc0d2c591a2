import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's CPU fields. */
export const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * CPU seconds a process has used, its reaped children included (utime + stime + cutime +
 * cstime), so helpers that a process starts and waits for are counted too. 0 when it is gone.
 */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14–17 of the man page are at 11–14 here (field 3, the state, is at 0).
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLK_TCK;
  } catch {
    return 0;
  }
}

export function totalCpu(pids: number[]): number {
  return pids.reduce((a, p) => a + cpuSeconds(p), 0);
}

export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  argv: string[];
}

/** Every process of this pid namespace, with its parent and command line. */
export function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const argv = readFileSync(`/proc/${d}/cmdline`, 'latin1').split('\0').filter(Boolean);
      out.push({ pid: Number(d), ppid, comm, argv });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/**
 * The engine behind a unix socket: its dockerd (started with `-H unix://<socket>`), the
 * containerd it runs, and the shims of the given containers (`-id <container id>`).
 */
export function engineProcesses(socket: string, containerIds: string[]): { dockerd?: number; containerd: number[]; shims: number[] } {
  const all = processes();
  const host = `unix://${socket}`;
  const dockerd = all.find(
    (p) => p.comm === 'dockerd' && p.argv.some((a, i) => a === host || a === `--host=${host}` || (a === '-H' && p.argv[i + 1] === host)),
  );
  const containerd = dockerd ? all.filter((p) => p.ppid === dockerd.pid && p.comm.startsWith('containerd')).map((p) => p.pid) : [];
  const ids = new Set(containerIds);
  const shims = all
    .filter((p) => p.comm.startsWith('containerd-shim') && p.argv.some((a, i) => a === '-id' && ids.has(p.argv[i + 1] ?? '')))
    .map((p) => p.pid);
  return { ...(dockerd ? { dockerd: dockerd.pid } : {}), containerd, shims };
}

/** The machine's CPU time (all cores, from /proc/stat), busy and in all, in clock ticks. */
export function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'latin1').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

/** Share of the machine's CPU time that was busy between two readings (0–1). */
export function busyShare(a: { busy: number; total: number }, b: { busy: number; total: number }): number {
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
}

/**
 * Waits until the machine is mostly idle (busy under `maxBusy` over a 2 s window), so that a
 * measurement does not pay for the work that set it up (an engine still settling hundreds of new
 * containers); gives up after `maxMs`. Returns the time waited and the last window's busy share.
 */
export async function settle(maxBusy = 0.35, maxMs = 90_000): Promise<{ waitedMs: number; busy: number }> {
  const t0 = Date.now();
  for (;;) {
    const a = machineTicks();
    await new Promise((r) => setTimeout(r, 2000));
    const busy = busyShare(a, machineTicks());
    if (busy < maxBusy || Date.now() - t0 >= maxMs) return { waitedMs: Date.now() - t0, busy };
  }
}
