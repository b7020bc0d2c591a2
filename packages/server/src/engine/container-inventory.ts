import type { ContainerDelta, ContainerView, DeltaCause } from '@phedds/shared';
import { isDeepStrictEqual } from 'node:util';
import { toContainerView, type EngineInspect } from './container-mapper.ts';
import type { ContainerEffect, EngineEvent } from './event-effect.ts';
import { patchFromEvent } from './event-patch.ts';

/** How the inventory reads the engine: injected so tests can drive it with recorded JSON. */
export interface ContainerSource {
  /** Ids of all containers (running or not). */
  listIds(): Promise<string[]>;
  /** Inspect one container; resolves `null` when it no longer exists. */
  inspect(id: string): Promise<EngineInspect | null>;
}

export type DeltaListener = (delta: ContainerDelta) => void;

interface Pending {
  running: boolean;
  dirty: boolean;
  cause?: DeltaCause;
  /** Resolved when this container's refresh is done. */
  waiters: (() => void)[];
}

/**
 * The containers of one engine, kept in sync from events. Every change goes through
 * `refresh(id)`: one inspect per id in flight at a time, re-run if asked again meanwhile, so the
 * last applied answer was always read after the last event — events, replays and reconciles can
 * race freely without leaving a stale view behind.
 */
export class ContainerInventory {
  private readonly items = new Map<string, ContainerView>();
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<DeltaListener>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly source: ContainerSource,
    private readonly maxConcurrent = 16,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  list(): ContainerView[] {
    return [...this.items.values()];
  }

  get(id: string): ContainerView | undefined {
    return this.items.get(id);
  }

  /** Finds by full id, unique id prefix or name, as the docker CLI does. */
  find(ref: string): ContainerView | undefined {
    const exact = this.items.get(ref);
    if (exact) return exact;
    let found: ContainerView | undefined;
    for (const c of this.items.values()) {
      if (c.name === ref) return c;
      if (ref.length >= 4 && c.id.startsWith(ref)) {
        if (found) return undefined; // ambiguous prefix
        found = c;
      }
    }
    return found;
  }

  subscribe(listener: DeltaListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies what an engine event means: what the event says by itself at once (when `event` is
   * given), then the confirming inspect.
   */
  apply(effect: ContainerEffect, cause?: DeltaCause, event?: EngineEvent): void {
    if (effect.kind === 'ignore') return;
    if (effect.kind === 'remove') {
      this.drop(effect.id, cause);
      // An inspect that started before the destroy would bring the container back: re-run it.
      const p = this.pending.get(effect.id);
      if (p) p.dirty = true;
      return;
    }
    const known = event ? this.items.get(effect.id) : undefined;
    const patched = known && event ? patchFromEvent(known, event) : undefined;
    if (patched) this.upsert(patched, cause);
    this.refresh(effect.id, cause);
  }

  /** Re-reads every known and listed container; the inventory then matches the engine. */
  async reconcile(): Promise<void> {
    const ids = await this.source.listIds();
    const all = new Set([...ids, ...this.items.keys()]);
    for (const id of all) this.refresh(id);
    await this.idle();
  }

  /** Resolves when no refresh is running or queued. */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves once no refresh of this container is running or queued. */
  settled(id: string): Promise<void> {
    const p = this.pending.get(id);
    if (!p) return Promise.resolve();
    return new Promise((resolve) => p.waiters.push(resolve));
  }

  refresh(id: string, cause?: DeltaCause): void {
    const p = this.pending.get(id);
    if (p) {
      p.dirty = true;
      if (cause) p.cause = cause;
      return;
    }
    const entry: Pending = { running: true, dirty: false, waiters: [] };
    if (cause) entry.cause = cause;
    this.pending.set(id, entry);
    void this.run(id, entry);
  }

  private async run(id: string, entry: Pending): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      entry.dirty = false;
      const cause = entry.cause;
      delete entry.cause;
      await this.slot();
      let j: EngineInspect | null | undefined;
      try {
        j = await this.source.inspect(id);
      } catch (err) {
        this.onError(err);
        j = undefined; // unknown: keep what we have; the reconcile after reconnect fixes it
      } finally {
        this.release();
      }
      // An event that arrived during the inspect makes its answer suspect (it may predate the
      // event, and would undo what the event applied): read again instead. Bounded, so a
      // container that never stops changing still gets shown.
      if (entry.dirty && attempt < 5) continue;
      const credited = entry.cause ?? cause;
      if (j === null) this.drop(id, credited);
      else if (j !== undefined) this.upsert(toContainerView(j), credited);
      if (!entry.dirty) break;
    }
    this.pending.delete(id);
    for (const w of entry.waiters) w();
    if (this.pending.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private upsert(view: ContainerView, cause?: DeltaCause): void {
    const prev = this.items.get(view.id);
    if (prev && isDeepStrictEqual(prev, view)) return;
    this.items.set(view.id, view);
    this.emit({ upsert: [view], remove: [], ...(cause ? { cause } : {}) });
  }

  private drop(id: string, cause?: DeltaCause): void {
    if (!this.items.delete(id)) return;
    this.emit({ upsert: [], remove: [id], ...(cause ? { cause } : {}) });
  }

  private emit(delta: ContainerDelta): void {
    for (const l of this.listeners) {
      try {
        l(delta);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  private slot(): Promise<void> {
    if (this.inFlight < this.maxConcurrent) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.inFlight++;
        resolve();
      }),
    );
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }
}
