import type { StatsSampler } from '../engine/stats/sampler.ts';
import { statsSnapshot } from '../engine/stats/snapshot.ts';
import type { Channel } from './channels.ts';

/** How long the sampler keeps running after the last viewer left: a page reload must not reset it. */
export const STATS_LINGER_MS = 5000;

/**
 * The `stats` topic. One sampler per engine whatever the number of viewers: the first subscriber
 * starts it, and it stops `lingerMs` after the last one left. A subscriber gets a bounded
 * snapshot (recent history of every container, longer history of the top ones), then one delta
 * a second with every container; a slow client gets only the newest delta (the client queue
 * coalesces this topic).
 */
export function statsChannel(sampler: StatsSampler, lingerMs = STATS_LINGER_MS): Channel<'stats'> {
  let viewers = 0;
  let stopTimer: NodeJS.Timeout | undefined;
  return {
    subscribe(sink) {
      clearTimeout(stopTimer);
      stopTimer = undefined;
      if (viewers++ === 0) sampler.start();
      sink.snapshot(statsSnapshot(sampler));
      const off = sampler.subscribe((d) => sink.delta(d));
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        off();
        if (--viewers > 0) return;
        stopTimer = setTimeout(() => {
          stopTimer = undefined;
          if (viewers === 0) sampler.stop();
        }, lingerMs);
        stopTimer.unref();
      };
    },
    snapshot: () => ({ op: 'snapshot', topic: 'stats', data: statsSnapshot(sampler) }),
  };
}
