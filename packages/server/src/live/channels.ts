import type { ContainerDelta, ServerMessage, Topic, TopicPayloads } from '@phedds/shared';
import type { Engine } from '../engine/engine.ts';

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

export function engineChannels(engine: Engine): Channels {
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
  };
}
