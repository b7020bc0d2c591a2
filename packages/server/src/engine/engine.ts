import type { EngineStatus } from '@phedds/shared';
import type { Readable } from 'node:stream';
import { createClients, parseEngineAddress, type DockerClient } from './client.ts';
import { ContainerInventory } from './container-inventory.ts';
import { engineMessage, isUnreachable, translateEngineError } from './errors.ts';
import { containerEffect, eventTimeMs, LineSplitter, type EngineEvent } from './event-effect.ts';
import { createStatsSampler } from './stats/engine-stats.ts';
import type { StatsSampler } from './stats/sampler.ts';
import { EngineObjects } from './objects.ts';
import { EventRing } from './event-ring.ts';

export interface EngineOptions {
  address: string;
  /** First reconnect delay; doubles up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

type StatusListener = (s: EngineStatus) => void;

/**
 * One engine: its status, its single event stream (shared by every viewer), and the inventories
 * fed by it. The stream reconnects with backoff, replays from the last event's time, then runs a
 * full reconcile, so a dropped stream or a restarted engine never leaves the inventory wrong.
 */
export class Engine {
  readonly address: string;
  /** For requests: times out, so a hung engine cannot hang the API. */
  readonly docker: DockerClient;
  /** For streams and calls that legitimately take long (stop waits for the grace period). */
  readonly streams: DockerClient;
  readonly containers: ContainerInventory;
  /** CPU, memory, network and block I/O of every running container, sampled while someone watches. */
  readonly stats: StatsSampler;
  /** Networks, volumes and images, fed by the same event stream. */
  readonly objects: EngineObjects;
  /** The recent engine events (bounded), for the Events pane. */
  readonly events = new EventRing();
  private statusValue: EngineStatus;
  private readonly statusListeners = new Set<StatusListener>();
  private stream: Readable | undefined;
  private lastEventSec: number | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoff: number;
  private readonly minBackoff: number;
  private readonly maxBackoff: number;
  private readonly log: NonNullable<EngineOptions['log']>;
  /** Resolves once the first reconcile finished (or failed). */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(opts: EngineOptions) {
    const target = parseEngineAddress(opts.address);
    this.address = target.address;
    const clients = createClients(target, opts.requestTimeoutMs);
    this.docker = clients.requests;
    this.streams = clients.streams;
    this.minBackoff = opts.minBackoffMs ?? 250;
    this.maxBackoff = opts.maxBackoffMs ?? 5000;
    this.backoff = this.minBackoff;
    this.log = opts.log ?? (() => {});
    this.statusValue = { state: 'connecting', address: this.address, since: Date.now() };
    this.ready = new Promise((r) => (this.markReady = r));
    this.containers = new ContainerInventory(
      {
        listIds: async () => (await this.docker.listContainers({ all: true })).map((c) => c.Id),
        inspect: async (id) => {
          try {
            const j = await this.docker.getContainer(id).inspect();
            // Mounts and links, read from the same answer (volumes and networks do not list them).
            this.objects.observeContainer(id, j);
            this.events.observeContainer(id, j);
            return j;
          } catch (err) {
            if ((err as { statusCode?: number }).statusCode === 404) {
              this.objects.observeContainer(id, null);
              this.events.observeContainer(id, null);
              return null;
            }
            throw err;
          }
        },
      },
      16,
      (err) => this.log('warn', `container refresh failed: ${engineMessage(err)}`),
    );
    this.stats = createStatsSampler(this);
    this.objects = new EngineObjects(this.docker, (what, err) => this.log('warn', `${what} refresh failed: ${engineMessage(err)}`));
  }

  get status(): EngineStatus {
    return this.statusValue;
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stats.stop();
    this.stream?.destroy();
    this.stream = undefined;
  }

  /** Throws a 503 EngineError at once when the engine is known to be down (fail fast). */
  assertUp(): void {
    if (this.statusValue.state === 'down') {
      throw translateEngineError(Object.assign(new Error('engine down'), { code: 'ECONNREFUSED' }), 'engine', this.address);
    }
  }

  private setStatus(patch: Partial<EngineStatus> & Pick<EngineStatus, 'state'>): void {
    const prev = this.statusValue;
    const next: EngineStatus = { ...prev, ...patch, since: patch.state !== prev.state ? Date.now() : prev.since };
    if (patch.state !== 'down') delete next.error;
    if (JSON.stringify(next) === JSON.stringify(prev)) return;
    this.statusValue = next;
    for (const l of this.statusListeners) l(next);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const v = await this.docker.version();
      const since = this.lastEventSec;
      const stream = (await this.streams.getEvents(since !== undefined ? { since } : {})) as unknown as Readable;
      if (this.stopped) {
        stream.destroy();
        return;
      }
      this.attach(stream);
      // The stream is open before the reconcile reads the list, so nothing can fall between them.
      await Promise.all([this.containers.reconcile(), this.objects.reconcile()]);
      this.backoff = this.minBackoff;
      this.setStatus({ state: 'up', version: v.Version, apiVersion: v.ApiVersion, os: `${v.Os}/${v.Arch}` });
      this.log('info', `engine up at ${this.address} (Docker ${v.Version}, API ${v.ApiVersion})`);
    } catch (err) {
      this.stream?.destroy();
      this.stream = undefined;
      this.fail(err);
    } finally {
      this.markReady();
    }
  }

  private attach(stream: Readable): void {
    this.stream = stream;
    const lines = new LineSplitter();
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      for (const line of lines.push(chunk)) this.onEventLine(line);
    });
    const openedAt = Date.now();
    const dropped = (err?: Error): void => {
      if (this.stream !== stream) return; // already replaced
      this.stream = undefined;
      if (this.stopped) return;
      // A stream that lived a while is re-opened at once (replay + reconcile); the engine is
      // only reported down if that fails. One that dies young goes through the backoff.
      if (Date.now() - openedAt > 1000) void this.connect();
      else this.fail(err ?? new Error('the engine closed its event stream'));
    };
    stream.on('end', () => dropped());
    stream.on('close', () => dropped());
    stream.on('error', (err) => dropped(err));
  }

  private onEventLine(line: string): void {
    let e: EngineEvent;
    try {
      e = JSON.parse(line) as EngineEvent;
    } catch {
      this.log('warn', `unreadable engine event: ${line.slice(0, 200)}`);
      return;
    }
    if (typeof e.time === 'number') this.lastEventSec = e.time;
    this.objects.onEvent(e);
    this.events.push(e);
    const effect = containerEffect(e);
    if (effect.kind === 'ignore') return;
    const time = eventTimeMs(e);
    this.containers.apply(effect, time !== undefined ? { action: e.Action ?? '', id: effect.id, time } : undefined, e);
  }

  private fail(err: unknown): void {
    if (this.stopped) return;
    const reason = isUnreachable(err)
      ? `cannot reach the engine at ${this.address} (${(err as { code?: string }).code ?? engineMessage(err)})`
      : engineMessage(err);
    this.setStatus({ state: 'down', error: reason });
    this.log('warn', `engine down: ${reason}; retrying in ${this.backoff} ms`);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, this.maxBackoff);
  }
}
