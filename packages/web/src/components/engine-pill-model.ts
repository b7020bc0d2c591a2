import type { EngineStatus } from '@phedds/shared';
import type { ConnectionInfo } from '../api/live-socket.ts';

/** `disconnected` is the console's own socket; the others are the engine's state. */
export type PillState = 'up' | 'connecting' | 'down' | 'disconnected';

export interface PillModel {
  state: PillState;
  text: string;
  /** The longer story, for the tooltip. */
  title: string;
}

/** What the header says about the engine, given what the console knows right now. */
export function enginePill(engine: EngineStatus | undefined, conn: Pick<ConnectionInfo, 'state' | 'failures'>): PillModel {
  if (conn.state !== 'open') {
    if (conn.failures > 0) {
      return {
        state: 'disconnected',
        text: 'console disconnected, reconnecting…',
        title: 'The page lost its live connection to the Phedds server; what you see may be out of date until it is back.',
      };
    }
    return { state: 'connecting', text: 'connecting…', title: 'Opening the live connection to the Phedds server.' };
  }
  if (!engine) return { state: 'connecting', text: 'connecting…', title: 'Waiting for the engine status.' };
  const detail = [engine.version && `Docker ${engine.version}`, engine.apiVersion && `API ${engine.apiVersion}`, engine.os, engine.address]
    .filter(Boolean)
    .join(' · ');
  switch (engine.state) {
    case 'up': {
      const parts = ['engine up', engine.version ? `Docker ${engine.version}` : '', engine.address].filter(Boolean);
      return { state: 'up', text: parts.join(' · '), title: detail };
    }
    case 'connecting':
      return { state: 'connecting', text: 'connecting…', title: `Connecting to the engine at ${engine.address}.` };
    case 'down':
      return {
        state: 'down',
        text: `engine unreachable — ${engine.error ?? `no answer from ${engine.address}`}`,
        title: `${engine.error ?? 'The engine does not answer.'} (${engine.address})`,
      };
  }
}
