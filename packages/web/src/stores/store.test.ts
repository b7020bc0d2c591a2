import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from './store.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createStore', () => {
  it('notifies listeners of new values only', () => {
    const s = createStore(1);
    const seen: number[] = [];
    s.subscribe(() => seen.push(s.get()));
    s.set(2);
    s.set(2);
    s.update((v) => v + 1);
    expect(seen).toEqual([2, 3]);
  });

  it('starts the upstream with the first listener and stops it after the last', () => {
    const start = vi.fn();
    const stop = vi.fn();
    const s = createStore(0, { start, stop });
    const a = s.subscribe(() => undefined);
    const b = s.subscribe(() => undefined);
    expect(start).toHaveBeenCalledTimes(1);
    a();
    a();
    expect(stop).not.toHaveBeenCalled();
    b();
    expect(stop).toHaveBeenCalledTimes(1);
    s.subscribe(() => undefined);
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('keeps the upstream through a quick remount when lingering', () => {
    const start = vi.fn();
    const stop = vi.fn();
    const s = createStore(0, { start, stop, lingerMs: 1000 });
    s.subscribe(() => undefined)();
    vi.advanceTimersByTime(500);
    const again = s.subscribe(() => undefined);
    vi.advanceTimersByTime(2000);
    expect(start).toHaveBeenCalledTimes(1);
    expect(stop).not.toHaveBeenCalled();
    again();
    vi.advanceTimersByTime(999);
    expect(stop).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(stop).toHaveBeenCalledTimes(1);
  });
});
