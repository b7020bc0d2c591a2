import type { Topic } from '@phedds/shared';
import { LiveSocket, type ConnectionInfo, type TopicHandlers } from './live-socket.ts';

export type { ConnectionInfo, ConnectionState, TopicHandlers } from './live-socket.ts';

/** `/api/live` on the page's own origin, `wss:` when the page came over https. */
export function liveUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/live`;
}

let live: LiveSocket | undefined;

/** The tab's one live socket, created on first use so importing this module has no effect. */
function socket(): LiveSocket {
  if (!live) {
    const created = new LiveSocket({
      url: () => liveUrl(window.location),
      createWire: (url) => new WebSocket(url),
      log: (m) => console.info(m),
    });
    window.addEventListener('online', () => created.reconnectNow());
    live = created;
  }
  return live;
}

/** Subscribes to a topic of the live socket; returns the unsubscribe function. Stores call this, panes never do. */
export function subscribe<T extends Topic>(topic: T, handlers: TopicHandlers<T>): () => void {
  return socket().subscribe(topic, handlers);
}

/** The socket's connection state as a tiny external store. */
export const connectionStore = {
  get: (): ConnectionInfo => socket().getInfo(),
  subscribe: (listener: () => void): (() => void) => socket().onInfo(listener),
};
