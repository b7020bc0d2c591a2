/** Whether the console can talk to its engine right now. */
export type EngineConnection = 'connecting' | 'up' | 'down';

/** The console's view of one engine. */
export interface EngineStatus {
  state: EngineConnection;
  /** Where the engine is, as configured (`unix:///…`, `tcp://…`). */
  address: string;
  /** Engine version, once it has answered. */
  version?: string;
  apiVersion?: string;
  os?: string;
  /** Why the engine is down, in words a person can act on. */
  error?: string;
  /** Epoch ms of the last state change. */
  since: number;
}
