import { TERMINAL_DETACH_GRACE_MS, type TerminalCreate, type TerminalInfo } from '@phedds/shared';
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Engine } from '../engine/engine.ts';
import { EngineError } from '../engine/errors.ts';
import { openExec } from '../engine/exec.ts';
import { execProcess } from './exec-process.ts';
import { openHostShell } from './host-shell.ts';
import { sleep, type TerminalProcess } from './process.ts';
import { DEFAULT_FLOW, TerminalSession, type FlowLimits, type SessionHooks, type SessionMeta } from './session.ts';

export interface TerminalOptions {
  /** Whether a shell on the console's own host may be opened. */
  hostShell: boolean;
  /** Sessions alive at once, all kinds together. */
  maxSessions: number;
  /** How long a session without a socket lives on. */
  graceMs: number;
  /** Ping period on attached sockets; one missed period and the socket counts as gone. */
  heartbeatMs: number;
  flow?: Partial<FlowLimits>;
  log?: (level: 'info' | 'warn', msg: string) => void;
}

export const DEFAULT_MAX_TERMINALS = 16;

/** Ids are UUIDs: fixed length, so one session's exec tag is never a prefix of another's. */
export const SESSION_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

const TITLE_MAX = 60;

function title(name: string, command: string[]): string {
  const t = `${name}: ${command.join(' ')}`;
  return t.length > TITLE_MAX ? `${t.slice(0, TITLE_MAX - 1)}…` : t;
}

/**
 * Every terminal session of the console. A session starts detached and must be attached within
 * the grace period; when its socket goes, the same grace period starts again, and at its end the
 * process is killed. Nothing outlives `close()`.
 */
export class TerminalManager {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  /** Creations under way count against the cap, so parallel requests cannot overshoot it. */
  private starting = 0;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly flow: FlowLimits;
  private readonly log: NonNullable<TerminalOptions['log']>;

  constructor(
    private readonly engine: Engine,
    private readonly opts: TerminalOptions,
  ) {
    this.flow = { ...DEFAULT_FLOW, ...opts.flow };
    this.log = opts.log ?? (() => undefined);
    this.heartbeat = setInterval(() => {
      for (const s of this.sessions.values()) s.heartbeat();
    }, opts.heartbeatMs);
    this.heartbeat.unref();
  }

  static defaults(partial: Partial<TerminalOptions> = {}): TerminalOptions {
    return { hostShell: true, maxSessions: DEFAULT_MAX_TERMINALS, graceMs: TERMINAL_DETACH_GRACE_MS, heartbeatMs: 30_000, ...partial };
  }

  list(): TerminalInfo[] {
    return [...this.sessions.values()].map((s) => s.info());
  }

  /** Output waiting for slow sockets, all sessions together. */
  heldBytes(): number {
    let n = 0;
    for (const s of this.sessions.values()) n += s.heldBytes;
    return n;
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  async create(req: TerminalCreate): Promise<TerminalInfo> {
    if (this.closed) throw new EngineError(503, 'shutting_down', 'The console is shutting down; open the terminal again once it is back.');
    if (req.kind === 'host' && !this.opts.hostShell) {
      throw new EngineError(
        403,
        'host_shell_disabled',
        'The host shell is turned off on this console (--no-host-shell or PHEDDS_NO_HOST_SHELL=1). Open a shell in a container instead, or restart the console without that setting.',
      );
    }
    if (this.sessions.size + this.starting >= this.opts.maxSessions) {
      throw new EngineError(
        429,
        'too_many_terminals',
        `This console already has ${this.opts.maxSessions} terminal sessions open, its limit. Close one (its tab, or DELETE /api/terminals/:id) and try again.`,
        { limit: this.opts.maxSessions },
      );
    }
    this.starting++;
    try {
      const id = randomUUID();
      const cols = req.cols ?? 80;
      const rows = req.rows ?? 24;
      let proc: TerminalProcess;
      let meta: SessionMeta;
      const createdAt = Date.now();
      if (req.kind === 'host') {
        proc = this.openHost(cols, rows);
        meta = { id, kind: 'host', title: 'host', command: proc.command, createdAt };
      } else {
        const ex = await openExec(this.engine, {
          container: req.container,
          ...(req.command ? { command: req.command } : {}),
          cols,
          rows,
          tag: id,
        });
        proc = execProcess(ex, (m) => this.log('warn', m));
        const { containerId, containerName } = ex;
        meta = { id, kind: 'exec', title: title(containerName, ex.command), containerId, containerName, command: ex.command, createdAt };
      }
      if (this.closed) {
        await proc.kill();
        throw new EngineError(503, 'shutting_down', 'The console is shutting down; open the terminal again once it is back.');
      }
      const session = new TerminalSession(meta, proc, this.hooks, this.flow);
      this.sessions.set(id, session);
      this.startGrace(session);
      this.log('info', `terminal ${id} opened: ${meta.title}`);
      return session.info();
    } finally {
      this.starting--;
    }
  }

  /** Attaches a socket to a session; false when there is no such session (any more). */
  attach(id: string, ws: WebSocket): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    s.attach(ws);
    return true;
  }

  /** Adds a read-only mirror of a session (an audience's view); false when there is no such session. */
  watch(id: string, ws: WebSocket): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    s.watch(ws);
    return true;
  }

  /** Ends a session and waits until its process (and what it started) is gone. */
  async end(id: string, why = 'closed'): Promise<TerminalInfo | undefined> {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    this.forget(s);
    await s.proc.kill();
    // The exit reaches an attached socket through the session; give it its turn before answering.
    await Promise.race([
      new Promise<void>((r) => {
        if (s.ended) r();
        else s.proc.onExit(() => r());
      }),
      sleep(1000),
    ]);
    this.log('info', `terminal ${id} ended (${why})`);
    return s.info();
  }

  /** Ends every session; for app shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    const all = [...this.sessions.keys()];
    await Promise.all(all.map((id) => this.end(id, 'console shutting down')));
  }

  private openHost(cols: number, rows: number): TerminalProcess {
    try {
      return openHostShell({ engineAddress: this.engine.address, cols, rows });
    } catch (err) {
      throw new EngineError(500, 'host_shell_failed', `Could not start a shell on the console's host: ${(err as Error).message}.`);
    }
  }

  private readonly hooks: SessionHooks = {
    attached: (s) => this.stopGrace(s.id),
    detached: (s) => this.startGrace(s),
    exited: (s, delivered) => {
      // The main process is gone; its leftovers (background jobs) go too, as with a closed terminal.
      void s.proc.kill();
      // Told to a socket: done. Otherwise kept for the grace period, so a re-attach sees the exit.
      if (delivered) this.forget(s);
    },
  };

  private startGrace(s: TerminalSession): void {
    this.stopGrace(s.id);
    const t = setTimeout(() => {
      this.graceTimers.delete(s.id);
      if (s.attached) return;
      void this.end(s.id, `no socket for ${this.opts.graceMs} ms`);
    }, this.opts.graceMs);
    t.unref();
    this.graceTimers.set(s.id, t);
  }

  private stopGrace(id: string): void {
    clearTimeout(this.graceTimers.get(id));
    this.graceTimers.delete(id);
  }

  private forget(s: TerminalSession): void {
    this.stopGrace(s.id);
    if (this.sessions.get(s.id) === s) this.sessions.delete(s.id);
  }
}
