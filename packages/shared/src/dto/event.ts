/**
 * One engine event as the Events pane shows it: our shape, not the engine's JSON.
 * Attributes are bounded (count and length), since a container's events carry all its labels.
 */
export interface EngineEventView {
  /** Increasing per console run; a stable key for lists. */
  seq: number;
  /** The engine's own time of the event, epoch ms with the sub-ms fraction. */
  time: number;
  /** `container`, `network`, `volume`, `image`, `plugin`, `daemon`, `service`, `node`… */
  type: string;
  /** The full action, e.g. `start`, `health_status: healthy`, `exec_create: sh -c date`. */
  action: string;
  /** The action's verb: `health_status`, `exec_create`… (the action up to its first colon). */
  verb: string;
  /** What the event is about: container or network id, volume name, image id or reference. */
  id: string;
  /** Its name when the event says it (container name, network name, image reference). */
  name?: string;
  /** The event's other attributes (labels included), at most 24, values cut to 200 characters. */
  attributes: Record<string, string>;
  /** True for the exec events of a container's own HEALTHCHECK (three per check). */
  healthCheck?: boolean;
}

/** How many recent events the console keeps and sends a new subscriber. */
export const EVENTS_RING_SIZE = 500;
