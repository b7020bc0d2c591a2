import type { Topic } from '@phedds/shared';
import { LiveSocket, type ConnectionInfo, type TopicHandlers } from './live-socket.ts';
import { socketUrl } from './socket-url.ts';

export type { ConnectionInfo, ConnectionState, TopicHandlers } from './live-socket.ts';

/** `/api/live` on the page's own origin, `wss:` when the page came over https. */
export function liveUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return socketUrl(loc, '/api/live');
}

let live: LiveSocket | undefined;
let closed: ((code: number) => void) | undefined;

/** Called whenever the live socket closes (the console closes it with 4401 when the session ends). */
export function onLiveClosed(fn: (code: number) => void): void {
  closed = fn;
}

/** Skips the live socket's backoff: right after signing in. */
export function reconnectLive(): void {
  live?.reconnectNow();
}

/** The tab's one live socket, created on first use so importing this module has no effect. */
function socket(): LiveSocket {
  if (!live) {
    const created = new LiveSocket({
      url: () => liveUrl(window.location),
      createWire: (url) => {
        const ws = new WebSocket(url);
        ws.addEventListener('close', (ev) => closed?.(ev.code));
        return ws;
      },
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
