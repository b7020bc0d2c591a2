import type { ContainerDelta, ContainerState, LogFeedState, LogTuple } from '@phedds/shared';
import type { Readable } from 'node:stream';
import type { Engine } from '../engine/engine.ts';
import { engineMessage } from '../engine/errors.ts';
import { LogDecoder, logTimeMs, sinceParam } from '../engine/log-decoder.ts';
import { openContainerLogs, type LogOpenOptions, type OpenedLogs } from '../engine/logs.ts';
import { LogRing } from './log-ring.ts';

/** Who receives a container's lines: one per (socket, container). */
export interface LogViewer {
  lines(id: string, lines: LogTuple[]): void;
  state(id: string, name: string, state: LogFeedState, message?: string): void;
}

/** What the hub needs of an engine: injected, so tests can drive it with scripted streams. */
export interface LogSource {
  open(id: string, opts: LogOpenOptions): Promise<OpenedLogs>;
  find(ref: string): { id: string; name: string; state: ContainerState } | undefined;
  onContainers(listener: (delta: ContainerDelta) => void): () => void;
}

export interface LogHubLimits {
  /** Lines kept per container, and sent as history to each new viewer. */
  historyLines: number;
  /** Bytes kept per container. */
  historyBytes: number;
  /** Bytes kept of one line. */
  maxLineBytes: number;
  /** First delay before re-opening a stream that ended while its container runs; doubles to 10 s. */
  retryMs: number;
}

export const DEFAULT_HUB_LIMITS: LogHubLimits = { historyLines: 500, historyBytes: 1 << 20, maxLineBytes: 16 * 1024, retryMs: 500 };

export interface LogHubStats {
  /** Containers followed by at least one viewer. */
  feeds: number;
  /** Engine log streams open right now. */
  openStreams: number;
  /** Engine log streams opened since the hub started. */
  opened: number;
  /** Bytes of history held, all containers. */
  heldBytes: number;
  /** Lines read from the engine since the hub started. */
  linesRead: number;
}

interface Feed {
  id: string;
  name: string;
  viewers: Set<LogViewer>;
  ring: LogRing;
  state: LogFeedState;
  message?: string;
  /** The last line's engine timestamp, to resume after it when the container restarts. */
  lastTs?: string;
  lastT: number;
  stream?: Readable;
  opening: boolean;
  retry?: NodeJS.Timeout;
  retryMs: number;
  closed: boolean;
}

/**
 * One engine log stream per container, shared by every viewer: opened for the first viewer,
 * closed after the last. New viewers get the recent lines from memory (bounded by lines and
 * bytes), so a second browser never costs the engine a second stream. When the container stops,
 * its stream ends and the feed waits; when the inventory shows it running again, the stream is
 * re-opened from the last line's time, so a restart loses nothing and repeats nothing.
 */
export class LogHub {
  private readonly feeds = new Map<string, Feed>();
  private unwatch: (() => void) | undefined;
  private openStreams = 0;
  private opened = 0;
  private linesRead = 0;

  constructor(
    private readonly source: LogSource,
    private readonly limits: LogHubLimits = DEFAULT_HUB_LIMITS,
  ) {}

  stats(): LogHubStats {
    let heldBytes = 0;
    for (const f of this.feeds.values()) heldBytes += f.ring.bytes;
    return { feeds: this.feeds.size, openStreams: this.openStreams, opened: this.opened, heldBytes, linesRead: this.linesRead };
  }

  /** The full id of a container reference (id, unique prefix or name), if it exists. */
  resolve(ref: string): string | undefined {
    return this.source.find(ref)?.id;
  }

  /** Follows a container for one viewer; the viewer hears its state and history at once. */
  subscribe(ref: string, viewer: LogViewer): () => void {
    const c = this.source.find(ref);
    if (!c) {
      viewer.state(ref, ref, 'missing', `No container "${ref}" on this engine; it may have been removed.`);
      return () => undefined;
    }
    let feed = this.feeds.get(c.id);
    if (!feed) {
      feed = {
        id: c.id,
        name: c.name,
        viewers: new Set(),
        ring: new LogRing(this.limits.historyLines, this.limits.historyBytes),
        state: c.state === 'running' ? 'following' : 'stopped',
        lastT: -Infinity,
        opening: false,
        retryMs: this.limits.retryMs,
        closed: false,
      };
      this.feeds.set(c.id, feed);
      this.unwatch ??= this.source.onContainers((d) => this.onContainers(d));
      feed.viewers.add(viewer);
      viewer.state(feed.id, feed.name, feed.state);
      void this.open(feed);
    } else {
      feed.viewers.add(viewer);
      viewer.state(feed.id, feed.name, feed.state, feed.message);
      if (feed.ring.size > 0) viewer.lines(feed.id, feed.ring.last(this.limits.historyLines));
    }
    const f = feed;
    return () => {
      if (!f.viewers.delete(viewer) || f.viewers.size > 0) return;
      this.closeFeed(f);
    };
  }

  /** Closes every stream (console shutdown). */
  close(): void {
    for (const f of [...this.feeds.values()]) this.closeFeed(f);
  }

  private closeFeed(f: Feed): void {
    f.closed = true;
    clearTimeout(f.retry);
    f.stream?.destroy();
    this.feeds.delete(f.id);
    if (this.feeds.size === 0) {
      this.unwatch?.();
      this.unwatch = undefined;
    }
  }

  private setState(f: Feed, state: LogFeedState, message?: string): void {
    if (f.state === state && f.message === message) return;
    f.state = state;
    if (message === undefined) delete f.message;
    else f.message = message;
    for (const v of f.viewers) v.state(f.id, f.name, state, message);
  }

  private async open(f: Feed): Promise<void> {
    if (f.opening || f.stream || f.closed || f.state === 'removed') return;
    f.opening = true;
    const opts: LogOpenOptions = { tail: this.limits.historyLines };
    const since = f.lastTs !== undefined ? sinceParam(f.lastTs) : undefined;
    if (since !== undefined) opts.since = since;
    let opened: OpenedLogs;
    try {
      opened = await this.source.open(f.id, opts);
    } catch (err) {
      f.opening = false;
      if (f.closed) return;
      const status = (err as { status?: number }).status;
      if (status === 404) {
        this.setState(f, 'removed', `${f.name} was removed.`);
        return;
      }
      this.setState(f, 'error', engineMessage(err));
      this.scheduleRetry(f);
      return;
    }
    f.opening = false;
    if (f.closed) {
      opened.stream.destroy();
      return;
    }
    f.name = opened.name;
    f.stream = opened.stream;
    this.openStreams++;
    this.opened++;
    this.setState(f, opened.running ? 'following' : 'stopped');
    const stream = opened.stream;
    let batch: LogTuple[] = [];
    // A re-opened stream starts at the last line's time: that line and older ones were sent.
    // Only those: stdout and stderr are stamped separately, so times need not always increase.
    const resumeAfter = f.lastT;
    const decoder = new LogDecoder(opened.tty, this.limits.maxLineBytes, (ts, s, text, cut) => {
      const stamped = logTimeMs(ts);
      const valid = !Number.isNaN(stamped);
      if (valid && stamped <= resumeAfter) return;
      const t = valid ? stamped : Date.now();
      if (valid && t > f.lastT) {
        f.lastT = t;
        f.lastTs = ts;
      }
      batch.push(cut > 0 ? [t, s, text, cut] : [t, s, text]);
    });
    const deliver = (): void => {
      if (batch.length === 0) return;
      const lines = batch;
      batch = [];
      this.linesRead += lines.length;
      for (const l of lines) f.ring.push(l);
      for (const v of f.viewers) v.lines(f.id, lines);
    };
    stream.on('data', (chunk: Buffer) => {
      decoder.push(chunk);
      deliver();
    });
    let ended = false;
    const done = (err?: Error): void => {
      if (ended) return;
      ended = true;
      this.openStreams--;
      if (f.stream === stream) f.stream = undefined;
      decoder.end();
      deliver();
      if (f.closed) return;
      this.afterEnd(f, err);
    };
    stream.on('end', () => done());
    stream.on('close', () => done());
    stream.on('error', (err) => done(err));
  }

  /**
   * The engine ends a follow stream when the container stops. If the inventory says it still
   * runs, the stop event may not have arrived yet, or the engine dropped the stream: try again.
   */
  private afterEnd(f: Feed, err?: Error): void {
    if (f.state === 'removed') return;
    const c = this.source.find(f.id);
    if (!c) {
      this.setState(f, 'removed', `${f.name} was removed.`);
      return;
    }
    if (c.state === 'running') {
      if (err) this.setState(f, 'error', `the engine closed the log stream (${err.message}); reconnecting`);
      this.scheduleRetry(f);
      return;
    }
    f.retryMs = this.limits.retryMs;
    this.setState(f, 'stopped');
  }

  private scheduleRetry(f: Feed): void {
    clearTimeout(f.retry);
    f.retry = setTimeout(() => {
      f.retry = undefined;
      const c = this.source.find(f.id);
      if (f.closed || f.stream || !c) return;
      if (c.state !== 'running') {
        this.setState(f, 'stopped');
        return;
      }
      void this.open(f);
    }, f.retryMs);
    f.retry.unref();
    f.retryMs = Math.min(f.retryMs * 2, 10_000);
  }

  private onContainers(d: ContainerDelta): void {
    for (const id of d.remove) {
      const f = this.feeds.get(id);
      if (!f) continue;
      clearTimeout(f.retry);
      this.setState(f, 'removed', `${f.name} was removed.`);
    }
    for (const c of d.upsert) {
      const f = this.feeds.get(c.id);
      if (!f) continue;
      f.name = c.name;
      if (c.state === 'running' && !f.stream && !f.opening) {
        f.retryMs = this.limits.retryMs;
        clearTimeout(f.retry);
        void this.open(f);
      }
    }
  }
}

/** The hub's view of a real engine. */
export function engineLogSource(engine: Engine): LogSource {
  return {
    open: (id, opts) => openContainerLogs(engine, id, opts),
    find: (ref) => engine.containers.find(ref),
    onContainers: (l) => engine.containers.subscribe(l),
  };
}
