import type { ContainerDelta, ServerMessage, Topic, TopicPayloads } from '@phedds/shared';
import type { Engine } from '../engine/engine.ts';
import { statsChannel } from './stats-channel.ts';
import { eventsChannel } from './events-channel.ts';

/** Where a channel pushes: a snapshot first, then deltas. */
export interface Sink<T extends Topic> {
  snapshot(data: TopicPayloads[T]['snapshot']): void;
  delta(data: TopicPayloads[T]['delta']): void;
}

/**
 * A live stream of one topic. `subscribe` sends the snapshot synchronously, then deltas, so no
 * change can fall between the two. The upstream is shared: channels read the engine's one
 * inventory and event stream, whatever the number of subscribers.
 */
export interface Channel<T extends Topic> {
  subscribe(sink: Sink<T>): () => void;
  /** The current state as a snapshot message (used to resync a client that fell behind). */
  snapshot(): ServerMessage;
}

export type Channels = { [T in Topic]: Channel<T> };

export function engineChannels(engine: Engine, stacks: Channel<'stacks'>): Channels {
  return {
    containers: {
      subscribe(sink) {
        sink.snapshot(engine.containers.list());
        return engine.containers.subscribe((d: ContainerDelta) => sink.delta(d));
      },
      snapshot: () => ({ op: 'snapshot', topic: 'containers', data: engine.containers.list() }),
    },
    engine: {
      subscribe(sink) {
        sink.snapshot(engine.status);
        return engine.onStatus((s) => sink.snapshot(s));
      },
      snapshot: () => ({ op: 'snapshot', topic: 'engine', data: engine.status }),
    },
    networks: {
      subscribe(sink) {
        sink.snapshot(engine.objects.networks.list());
        return engine.objects.networks.subscribe((d) => sink.delta(d));
      },
      snapshot: () => ({ op: 'snapshot', topic: 'networks', data: engine.objects.networks.list() }),
    },
    volumes: {
      subscribe(sink) {
        sink.snapshot(engine.objects.volumes.list());
        return engine.objects.volumes.subscribe((d) => sink.delta(d));
      },
      snapshot: () => ({ op: 'snapshot', topic: 'volumes', data: engine.objects.volumes.list() }),
    },
    images: {
      subscribe(sink) {
        sink.snapshot(engine.objects.images.list());
        return engine.objects.images.subscribe((d) => sink.delta(d));
      },
      snapshot: () => ({ op: 'snapshot', topic: 'images', data: engine.objects.images.list() }),
    },
    stats: statsChannel(engine.stats),
    events: eventsChannel(engine.events),
    stacks,
  };
}
