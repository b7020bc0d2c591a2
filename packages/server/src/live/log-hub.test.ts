import type { ContainerDelta, ContainerState, LogFeedState, LogTuple } from '@phedds/shared';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LogOpenOptions } from '../engine/logs.ts';
import { LogHub, type LogSource, type LogViewer } from './log-hub.ts';
import { LogRing } from './log-ring.ts';

/** A scripted engine: containers by id, and the streams the hub opened. */
class FakeSource implements LogSource {
  containers = new Map<string, { id: string; name: string; state: ContainerState }>();
  opens: { id: string; opts: LogOpenOptions; stream: PassThrough }[] = [];
  private listeners = new Set<(d: ContainerDelta) => void>();
  open(id: string, opts: LogOpenOptions) {
    const c = this.containers.get(id);
    if (!c) return Promise.reject(Object.assign(new Error('gone'), { status: 404 }));
    const stream = new PassThrough();
    this.opens.push({ id, opts, stream });
    return Promise.resolve({ stream, tty: true, running: c.state === 'running', name: c.name });
  }
  find(ref: string) {
    return this.containers.get(ref) ?? [...this.containers.values()].find((c) => c.name === ref);
  }
  onContainers(l: (d: ContainerDelta) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  get watching(): number {
    return this.listeners.size;
  }
  set(id: string, state: ContainerState): void {
    const c = this.containers.get(id)!;
    c.state = state;
    for (const l of this.listeners) l({ upsert: [{ ...c } as never], remove: [] });
  }
  remove(id: string): void {
    this.containers.delete(id);
    for (const l of this.listeners) l({ upsert: [], remove: [id] });
  }
}

class Recorder implements LogViewer {
  got: LogTuple[] = [];
  states: LogFeedState[] = [];
  lines(_id: string, lines: LogTuple[]): void {
    this.got.push(...lines);
  }
  state(_id: string, _name: string, s: LogFeedState): void {
    this.states.push(s);
  }
  texts(): string[] {
    return this.got.map((l) => l[2]);
  }
}

const ts = (sec: number): string => `2025-01-01T00:00:${String(sec).padStart(2, '0')}.000000000Z`;
/** Lets stream events (next tick, immediate) and the hub's reactions run. */
const settle = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

let src: FakeSource;
beforeEach(() => {
  src = new FakeSource();
  src.containers.set('c1', { id: 'c1', name: 'web', state: 'running' });
});

describe('LogHub', () => {
  it('opens one engine stream for many viewers and closes it after the last', async () => {
    const hub = new LogHub(src);
    const a = new Recorder();
    const b = new Recorder();
    const offA = hub.subscribe('web', a);
    await settle();
    src.opens[0]!.stream.write(`${ts(1)} one\n${ts(2)} two\n`);
    const offB = hub.subscribe('c1', b);
    src.opens[0]!.stream.write(`${ts(3)} three\n`);
    expect(src.opens).toHaveLength(1);
    expect(a.texts()).toEqual(['one', 'two', 'three']);
    expect(b.texts()).toEqual(['one', 'two', 'three']); // history from memory, then live
    offA();
    expect(hub.stats()).toMatchObject({ feeds: 1, openStreams: 1 });
    offB();
    await settle();
    expect(src.opens[0]!.stream.destroyed).toBe(true);
    expect(hub.stats()).toMatchObject({ feeds: 0, openStreams: 0, heldBytes: 0 });
    expect(src.watching).toBe(0);
  });

  it('resumes after a restart from the last line, without repeating it', async () => {
    const hub = new LogHub(src);
    const v = new Recorder();
    hub.subscribe('c1', v);
    await settle();
    src.opens[0]!.stream.end(`${ts(1)} before\n${ts(2)} last\n`);
    src.set('c1', 'exited');
    await settle();
    expect(v.states.at(-1)).toBe('stopped');
    src.set('c1', 'running');
    await settle();
    expect(src.opens).toHaveLength(2);
    expect(src.opens[1]!.opts.since).toBe(`${Date.UTC(2025, 0, 1, 0, 0, 2) / 1000}.000000000`);
    // The engine's since is inclusive: it sends the last line again.
    src.opens[1]!.stream.write(`${ts(2)} last\n${ts(3)} after\n`);
    expect(v.texts()).toEqual(['before', 'last', 'after']);
    expect(v.states.at(-1)).toBe('following');
  });

  it('retries a stream that ended while the container still runs', async () => {
    const hub = new LogHub(src, { historyLines: 10, historyBytes: 1 << 20, maxLineBytes: 100, retryMs: 100 });
    hub.subscribe('c1', new Recorder());
    await settle();
    src.opens[0]!.stream.destroy(new Error('engine restarted'));
    await settle();
    expect(src.opens).toHaveLength(1);
    await settle(150);
    expect(src.opens).toHaveLength(2);
  });

  it('says when a container is missing or removed', async () => {
    const hub = new LogHub(src);
    const v = new Recorder();
    hub.subscribe('nope', v);
    expect(v.states).toEqual(['missing']);
    const w = new Recorder();
    hub.subscribe('c1', w);
    await settle();
    src.remove('c1');
    src.opens[0]!.stream.end();
    await settle();
    expect(w.states.at(-1)).toBe('removed');
    expect(src.opens).toHaveLength(1);
  });
});

describe('LogRing', () => {
  it('holds at most its lines and bytes, newest kept', () => {
    const ring = new LogRing(4, 1000);
    for (let i = 0; i < 10; i++) ring.push([i, 0, `line ${i}`]);
    expect(ring.last(10).map((l) => l[2])).toEqual(['line 6', 'line 7', 'line 8', 'line 9']);
    ring.push([10, 0, 'x'.repeat(960)]);
    expect(ring.bytes).toBeLessThanOrEqual(1000);
    expect(ring.last(10).map((l) => l[0])).toEqual([10]);
    expect(ring.last(2)).toHaveLength(1);
  });
});
