import { createStore, useStore } from './store.ts';

let timer: ReturnType<typeof setInterval> | undefined;

/**
 * One shared one-second tick for every ticking label (uptimes), so they all change together
 * and the page runs one timer however many rows it shows.
 */
export const clockStore = createStore<number>(Date.now(), {
  start: () => {
    clockStore.set(Date.now());
    timer = setInterval(() => clockStore.set(Date.now()), 1000);
  },
  stop: () => {
    clearInterval(timer);
    timer = undefined;
  },
});

export function useNow(): number {
  return useStore(clockStore);
}
