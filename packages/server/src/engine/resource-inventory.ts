import type { DeltaCause, ResourceDelta } from '@phedds/shared';
import { isDeepStrictEqual } from 'node:util';

/** How an inventory reads the engine: injected so tests can drive it with recorded JSON. */
export interface ResourceSource<R> {
  /** Every object, as the engine lists it. */
  list(): Promise<R[]>;
  /** One object; resolves `null` when it no longer exists. */
  get(key: string): Promise<R | null>;
  keyOf(raw: R): string;
}

interface Pending {
  dirty: boolean;
  cause?: DeltaCause;
  waiters: (() => void)[];
}

/**
 * Networks, volumes or images of one engine, kept in sync from events with the rules of the
 * container inventory: every change of one object goes through `refresh(key)` (one read in flight
 * per key, re-run if asked again meanwhile), so the last answer applied was read after the last
 * event. A reconcile reads the whole list in one call and takes it as the truth, except for
 * objects an event touched while the list was on its way: those are read again.
 *
 * The engine's answer (`R`) is kept so that a view can be re-derived without asking the engine
 * again when something it includes changes elsewhere (who mounts a volume, links on a network).
 */
export class ResourceInventory<R, V> {
  private readonly raws = new Map<string, R>();
  private readonly items = new Map<string, V>();
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<(delta: ResourceDelta<V>) => void>();
  /** One set per reconcile in progress: the keys touched since its list was requested. */
  private readonly touchedSets = new Set<Set<string>>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly source: ResourceSource<R>,
    private readonly toView: (raw: R) => V,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  list(): V[] {
    return [...this.items.values()];
  }

  get(key: string): V | undefined {
    return this.items.get(key);
  }

  keys(): IterableIterator<string> {
    return this.items.keys();
  }

  subscribe(listener: (delta: ResourceDelta<V>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The object is gone (a destroy event): drop it at once, and make an inspect in flight read again. */
  remove(key: string, cause?: DeltaCause): void {
    this.touch(key);
    this.drop(key, cause);
    const p = this.pending.get(key);
    if (p) p.dirty = true;
  }

  refresh(key: string, cause?: DeltaCause): void {
    this.touch(key);
    const p = this.pending.get(key);
    if (p) {
      p.dirty = true;
      if (cause) p.cause = cause;
      return;
    }
    const entry: Pending = { dirty: false, waiters: [] };
    if (cause) entry.cause = cause;
    this.pending.set(key, entry);
    void this.run(key, entry);
  }

  /** Re-derives the views of these keys from the engine answers already held (no engine call). */
  remap(keys: Iterable<string>): void {
    for (const key of keys) {
      const raw = this.raws.get(key);
      if (raw !== undefined) this.upsert(key, raw);
    }
  }

  /** Reads the whole list; afterwards the inventory matches the engine. */
  async reconcile(): Promise<void> {
    const touched = new Set<string>();
    this.touchedSets.add(touched);
    let listed: R[];
    try {
      listed = await this.source.list();
    } finally {
      this.touchedSets.delete(touched);
    }
    const byKey = new Map(listed.map((r) => [this.source.keyOf(r), r]));
    for (const [key, raw] of byKey) {
      // An event during the list makes its entry suspect: read that one again.
      if (touched.has(key) || this.pending.has(key)) this.refresh(key);
      else this.upsert(key, raw);
    }
    for (const key of [...this.items.keys()]) {
      if (byKey.has(key)) continue;
      if (touched.has(key) || this.pending.has(key)) this.refresh(key);
      else this.drop(key);
    }
    await this.idle();
  }

  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves once no refresh of this key is running or queued. */
  settled(key: string): Promise<void> {
    const p = this.pending.get(key);
    if (!p) return Promise.resolve();
    return new Promise((resolve) => p.waiters.push(resolve));
  }

  private touch(key: string): void {
    for (const s of this.touchedSets) s.add(key);
  }

  private async run(key: string, entry: Pending): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      entry.dirty = false;
      const cause = entry.cause;
      delete entry.cause;
      let raw: R | null | undefined;
      try {
        raw = await this.source.get(key);
      } catch (err) {
        this.onError(err);
        raw = undefined; // unknown: keep what we have; the reconcile after a reconnect fixes it
      }
      // Asked again while reading: the answer may predate the event, read again (bounded).
      if (entry.dirty && attempt < 5) continue;
      const credited = entry.cause ?? cause;
      if (raw === null) this.drop(key, credited);
      else if (raw !== undefined) this.upsert(key, raw, credited);
      if (!entry.dirty) break;
    }
    this.pending.delete(key);
    for (const w of entry.waiters) w();
    if (this.pending.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private upsert(key: string, raw: R, cause?: DeltaCause): void {
    this.raws.set(key, raw);
    const view = this.toView(raw);
    const prev = this.items.get(key);
    if (prev !== undefined && isDeepStrictEqual(prev, view)) return;
    this.items.set(key, view);
    this.emit({ upsert: [view], remove: [], ...(cause ? { cause } : {}) });
  }

  private drop(key: string, cause?: DeltaCause): void {
    this.raws.delete(key);
    if (!this.items.delete(key)) return;
    this.emit({ upsert: [], remove: [key], ...(cause ? { cause } : {}) });
  }

  private emit(delta: ResourceDelta<V>): void {
    for (const l of this.listeners) {
      try {
        l(delta);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
