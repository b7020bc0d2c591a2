import { connectionStore, type ConnectionInfo } from '../api/socket.ts';
import { useStore } from './store.ts';

export type { ConnectionInfo, ConnectionState } from '../api/socket.ts';
export { connectionStore };

/** The console's own live socket: connecting, open, or closed and waiting to retry. */
export function useConnection(): ConnectionInfo {
  return useStore(connectionStore);
}
