import type { DeployProgress, StacksDelta, StacksSnapshot, StackView } from '@phedds/shared';
import { subscribe } from '../api/socket.ts';
import { createStore, useStore } from './store.ts';

export interface StacksState {
  stacks: StackView[];
  /** The last deploy (running or finished) of each stack, by stack name. */
  deploys: ReadonlyMap<string, DeployProgress>;
  /** False until the first snapshot arrived. */
  loaded: boolean;
}

const initial: StacksState = { stacks: [], deploys: new Map(), loaded: false };

export function reduceStacksSnapshot(data: StacksSnapshot): StacksState {
  return { stacks: data.stacks, deploys: new Map(data.deploys.map((d) => [d.stack, d])), loaded: true };
}

export function reduceStacksDelta(prev: StacksState, d: StacksDelta): StacksState {
  let deploys = prev.deploys;
  if (d.deploy) {
    const next = new Map(prev.deploys);
    next.set(d.deploy.stack, d.deploy);
    deploys = next;
  }
  return { stacks: d.stacks ?? prev.stacks, deploys, loaded: prev.loaded };
}

let release: (() => void) | undefined;

/** Every stack and its last deploy, from the `stacks` live topic. */
export const stacksStore = createStore<StacksState>(initial, {
  lingerMs: 1000,
  start: () => {
    release = subscribe('stacks', {
      snapshot: (data) => stacksStore.set(reduceStacksSnapshot(data)),
      delta: (d) => stacksStore.update((prev) => reduceStacksDelta(prev, d)),
    });
  },
  stop: () => {
    release?.();
    release = undefined;
  },
});

export function useStacks(): StacksState {
  return useStore(stacksStore);
}
