import type { ServerMessage, StacksDelta, StacksSnapshot } from '@phedds/shared';
import { isSwarmManager } from '../engine/swarm.ts';
import type { StackService } from './service.ts';

/** Swarm has no task events: while someone watches, the stacks of a Swarm manager are re-read this often. */
const SWARM_POLL_MS = 1000;
/** Container deltas arrive in bursts (a deploy makes dozens); the list is rebuilt once per burst. */
const DEBOUNCE_MS = 60;

interface StacksSink {
  snapshot(data: StacksSnapshot): void;
  delta(data: StacksDelta): void;
}

/**
 * The `stacks` live topic: a snapshot of every stack and deploy, then deltas (the whole list when
 * it changed, one deploy's record as it progresses). One upstream for any number of viewers: the
 * container inventory's deltas, and a Swarm poll only while someone watches a Swarm manager.
 */
export function stacksChannel(stacks: StackService): { subscribe(sink: StacksSink): () => void; snapshot(): ServerMessage } {
  let viewers = 0;
  let stopWatching: (() => void) | undefined;
  let last = '';
  let timer: NodeJS.Timeout | undefined;

  const recompute = (): void => {
    timer = undefined;
    const list = stacks.list();
    const json = JSON.stringify(list);
    if (json === last) return;
    last = json;
    stacks.broadcast({ stacks: list });
  };
  const schedule = (): void => {
    timer ??= setTimeout(recompute, DEBOUNCE_MS);
  };

  const watch = (): (() => void) => {
    last = JSON.stringify(stacks.list());
    const unsub = stacks.engine.containers.subscribe(() => schedule());
    let polling = true;
    let manager = false;
    let checkedAt = 0;
    const poll = async (): Promise<void> => {
      while (polling) {
        try {
          if (stacks.engine.status.state === 'up') {
            // Whether the engine is a manager changes rarely (swarm init/leave): asked every 10 s.
            if (Date.now() - checkedAt > 10_000) {
              manager = await isSwarmManager(stacks.engine);
              checkedAt = Date.now();
            }
            if (manager) {
              await stacks.refreshSwarm();
              schedule();
            }
          }
        } catch {
          /* the engine status shows the problem; keep polling */
        }
        await new Promise((r) => setTimeout(r, SWARM_POLL_MS).unref());
      }
    };
    void poll();
    return () => {
      polling = false;
      unsub();
      clearTimeout(timer);
      timer = undefined;
    };
  };

  return {
    subscribe(sink) {
      sink.snapshot(stacks.snapshot());
      const off = stacks.onChange((d) => sink.delta(d));
      if (viewers++ === 0) stopWatching = watch();
      return () => {
        off();
        if (--viewers === 0) {
          stopWatching?.();
          stopWatching = undefined;
        }
      };
    },
    snapshot: () => ({ op: 'snapshot', topic: 'stacks', data: stacks.snapshot() }),
  };
}
