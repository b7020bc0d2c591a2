import type { EventRing } from '../engine/event-ring.ts';
import type { Channel } from './channels.ts';

/**
 * The `events` topic: the recent events as the snapshot, then each new event as a delta. It
 * reads the engine's one event stream through the ring, so viewers add no upstream. A slow
 * client's queue overflows into a `gap` and a fresh snapshot of the ring (the client queue's
 * rule for every topic), so it costs a bounded amount and ends up with the latest events.
 */
export function eventsChannel(ring: EventRing): Channel<'events'> {
  return {
    subscribe(sink) {
      sink.snapshot(ring.list());
      return ring.subscribe((events) => sink.delta(events));
    },
    snapshot: () => ({ op: 'snapshot', topic: 'events', data: ring.list() }),
  };
}
