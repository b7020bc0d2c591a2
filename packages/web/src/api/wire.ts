/** The event handlers a browser WebSocket (or a test double) exposes; both socket clients use them. */
export interface WireEvents {
  onopen: ((ev: never) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: never) => void) | null;
  onerror: ((ev: never) => void) | null;
}

/** Silences a socket being abandoned, so its late events cannot touch the state of its successor. */
export function silence(wire: WireEvents): void {
  wire.onopen = null;
  wire.onmessage = null;
  wire.onclose = null;
  wire.onerror = null;
}
