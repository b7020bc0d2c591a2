import type { ContainerView } from '../dto/container.ts';
import type { EngineStatus } from '../dto/engine.ts';
import type { ImageView } from '../dto/image.ts';
import type { NetworkView } from '../dto/network.ts';
import type { VolumeView } from '../dto/volume.ts';
import type { StatsDelta, StatsSnapshot } from '../dto/stats.ts';
import type { EngineEventView } from '../dto/event.ts';
import type { StacksDelta, StacksSnapshot } from '../dto/stack.ts';

/**
 * The live websocket (`/api/live`): one per browser tab, multiplexing topics.
 * The client subscribes to a topic and gets a `snapshot`, then `delta`s.
 * A client that falls behind gets a `gap` and a fresh `snapshot` of state topics.
 */

/** Why a container delta happened, when an engine event caused it. */
export interface DeltaCause {
  /** The engine event's action (`start`, `die`, `health_status: healthy`…). */
  action: string;
  /** Id of what the event was about: container id, network id, volume name or image id. */
  id: string;
  /** The engine's own event time, epoch ms with sub-ms fraction (from `timeNano`). */
  time: number;
}

/** Changes to the container inventory. */
export interface ContainerDelta {
  /** Containers that appeared or changed: full views, replace by id. */
  upsert: ContainerView[];
  /** Ids of containers that are gone. */
  remove: string[];
  cause?: DeltaCause;
}

/**
 * Changes to the networks, volumes or images: full views replace by key (network id, volume name,
 * image id); `remove` lists keys that are gone.
 */
export interface ResourceDelta<T> {
  upsert: T[];
  remove: string[];
  cause?: DeltaCause;
}

/** What each topic carries. */
export interface TopicPayloads {
  containers: { snapshot: ContainerView[]; delta: ContainerDelta };
  engine: { snapshot: EngineStatus; delta: never };
  networks: { snapshot: NetworkView[]; delta: ResourceDelta<NetworkView> };
  volumes: { snapshot: VolumeView[]; delta: ResourceDelta<VolumeView> };
  images: { snapshot: ImageView[]; delta: ResourceDelta<ImageView> };
  /** Resources: a bounded history on subscribe, then one sweep of every container a second (latest wins for a slow client). */
  stats: { snapshot: StatsSnapshot; delta: StatsDelta };
  /** Engine events: the recent ones on subscribe (oldest first), then each new batch as it happens. */
  events: { snapshot: EngineEventView[]; delta: EngineEventView[] };
  /** Stacks: every stack (from labels and kept files) and the deploys running or just finished. */
  stacks: { snapshot: StacksSnapshot; delta: StacksDelta };
}
export type Topic = keyof TopicPayloads;
export const TOPICS: readonly Topic[] = ['containers', 'engine', 'networks', 'volumes', 'images', 'stats', 'events', 'stacks'];

export type SnapshotMessage = {
  [T in Topic]: { op: 'snapshot'; topic: T; data: TopicPayloads[T]['snapshot'] };
}[Topic];
export type DeltaMessage = {
  [T in Topic]: { op: 'delta'; topic: T; data: TopicPayloads[T]['delta'] };
}[Topic];

/** Messages the server sends. */
export type ServerMessage =
  | { op: 'hello'; version: string; heartbeatMs: number }
  | SnapshotMessage
  | DeltaMessage
  /** Messages for `topic` were dropped because the client was too slow; a snapshot follows for state topics. */
  | { op: 'gap'; topic: Topic; dropped: number }
  /** Heartbeat: the server is alive. */
  | { op: 'hb'; t: number }
  | { op: 'pong'; t: number }
  | { op: 'error'; error: string; message: string; topic?: Topic };

/**
 * Messages the client sends. Sending `sub` for a topic already subscribed restarts it with a
 * fresh snapshot (what a client wants after a `gap` or when it is unsure of its state).
 */
export type ClientMessage = { op: 'sub'; topic: Topic } | { op: 'unsub'; topic: Topic } | { op: 'ping'; t: number };

/** Largest client message the server reads; anything larger is a protocol error. */
export const MAX_CLIENT_MESSAGE_BYTES = 4096;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

function isTopic(v: unknown): v is Topic {
  return typeof v === 'string' && (TOPICS as readonly string[]).includes(v);
}

/** Validates a raw client frame; never throws. */
export function parseClientMessage(raw: string): ParseResult<ClientMessage> {
  if (raw.length > MAX_CLIENT_MESSAGE_BYTES) {
    return { ok: false, message: `message too large (${raw.length} bytes, limit ${MAX_CLIENT_MESSAGE_BYTES})` };
  }
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'message is not JSON' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return { ok: false, message: 'message must be a JSON object with an "op" field' };
  }
  const m = v as Record<string, unknown>;
  switch (m.op) {
    case 'sub':
    case 'unsub':
      if (!isTopic(m.topic)) {
        return { ok: false, message: `unknown topic ${JSON.stringify(m.topic)}; topics are ${TOPICS.join(', ')}` };
      }
      return { ok: true, value: { op: m.op, topic: m.topic } };
    case 'ping':
      if (typeof m.t !== 'number' || !Number.isFinite(m.t)) return { ok: false, message: 'ping needs a numeric "t"' };
      return { ok: true, value: { op: 'ping', t: m.t } };
    default:
      return { ok: false, message: `unknown op ${JSON.stringify(m.op)}; ops are sub, unsub, ping` };
  }
}
