import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One change at a time per stack (SECURITY 26): a second deploy, scale or take-down of the same
 * stack is refused at once, never interleaved. In-process first; a lock file in the stack's folder
 * also keeps a second console on the same data folder out. A lock file left by a dead process
 * (its pid is gone) is taken over.
 */
export class StackLocks {
  private readonly held = new Map<string, string>();

  /** Returns a release function, or the kind of change already running. */
  acquire(name: string, kind: string, dir: string | undefined): { release: () => void } | { busy: string } {
    const running = this.held.get(name);
    if (running) return { busy: running };
    let file: string | undefined;
    if (dir) {
      file = join(dir, '.deploy.lock');
      const other = this.takeFile(file, kind);
      if (other) return { busy: other };
    }
    this.held.set(name, kind);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.held.delete(name);
        if (file) rmSync(file, { force: true });
      },
    };
  }

  running(name: string): string | undefined {
    return this.held.get(name);
  }

  private takeFile(file: string, kind: string): string | undefined {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, JSON.stringify({ pid: process.pid, kind }));
        closeSync(fd);
        return undefined;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        let owner: { pid?: number; kind?: string } = {};
        try {
          owner = JSON.parse(readFileSync(file, 'utf8')) as typeof owner;
        } catch {
          /* unreadable: treat as stale */
        }
        if (owner.pid && owner.pid !== process.pid && alive(owner.pid))
          return `${owner.kind ?? 'change'} (another console, pid ${owner.pid})`;
        rmSync(file, { force: true });
      }
    }
    return 'change';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
