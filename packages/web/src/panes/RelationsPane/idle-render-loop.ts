import type { Core } from 'cytoscape';

/**
 * Cytoscape's renderer asks for an animation frame every frame, whether it draws or not. A page
 * with a frame always pending makes Chromium hold back the page's other tasks after each key press
 * until that frame is done, so a terminal's echo beside the graph waited two frames (measured with
 * bench:terminal: about 26 ms against 9–12 ms with the loop stopped). This parks the renderer's
 * loop while it has nothing to draw, no animation runs and its texture caches have nothing left to
 * prepare (those are made in frames that do not draw, so that the next redraw is cheap), and wakes
 * it on the first redraw request or animation.
 */

interface Loop {
  /** True once the loop has been idle long enough to stop asking for frames. */
  idle(): boolean;
  parked: FrameRequestCallback | undefined;
}

/** Frames without a redraw request or animation before the loop parks (about half a second). */
const IDLE_FRAMES = 30;
const loops = new Map<FrameRequestCallback, Loop>();
type Raf = (cb: FrameRequestCallback) => number;
let installed: { native: Raf; gated: Raf } | undefined;

/** Puts the gate in front of the page's requestAnimationFrame, once. */
function install(): { native: Raf; gated: Raf } {
  if (installed) return installed;
  const native = window.requestAnimationFrame.bind(window);
  const gated: Raf = (cb) => {
    const loop = loops.get(cb);
    if (loop?.idle()) {
      loop.parked = cb;
      return 0;
    }
    return native(cb);
  };
  window.requestAnimationFrame = gated;
  installed = { native, gated };
  return installed;
}

interface QueueInternals {
  size(): number;
}

interface RendererInternals {
  requestedFrame?: boolean;
  redraw(options?: unknown): void;
  /** Texture caches: their queues are filled in frames that do not draw. */
  data?: {
    eleTxrCache?: { getElementQueue?(): QueueInternals };
    lblTxrCache?: { getElementQueue?(): QueueInternals };
    slbTxrCache?: { getElementQueue?(): QueueInternals };
    tlbTxrCache?: { getElementQueue?(): QueueInternals };
    lyrTxrCache?: { layersQueue?: QueueInternals };
  };
}

/** Whether a texture cache still has bitmaps to prepare: the loop prepares them in idle frames. */
function texturesPending(r: RendererInternals): boolean {
  const d = r.data;
  if (!d) return false;
  for (const c of [d.eleTxrCache, d.lblTxrCache, d.slbTxrCache, d.tlbTxrCache]) {
    if ((c?.getElementQueue?.().size() ?? 0) > 0) return true;
  }
  return (d.lyrTxrCache?.layersQueue?.size() ?? 0) > 0;
}

interface CoreInternals {
  _private: { aniEles: { length: number } };
  addToAnimationPool(eles: unknown): void;
  renderer(): RendererInternals;
}

/** Creates the graph with `make` and lets its render loop sleep while idle; returns the graph and an undo. */
export function withIdleRenderLoop(make: () => Core): { cy: Core; release: () => void } {
  const { native: orig, gated } = install();
  // The loop's callback is the one function the renderer passes while being created.
  let first: FrameRequestCallback | undefined;
  window.requestAnimationFrame = (cb) => {
    first ??= cb;
    return gated(cb);
  };
  let cy: Core;
  try {
    cy = make();
  } finally {
    window.requestAnimationFrame = gated;
  }
  const inner = cy as unknown as CoreInternals;
  const r = inner.renderer();
  if (!first || typeof r?.redraw !== 'function' || !inner._private?.aniEles) return { cy, release: () => undefined };

  let quiet = 0;
  const loop: Loop = {
    parked: undefined,
    idle() {
      if (r.requestedFrame || inner._private.aniEles.length > 0 || texturesPending(r)) quiet = 0;
      else quiet++;
      return quiet > IDLE_FRAMES;
    },
  };
  const wake = (): void => {
    quiet = 0;
    const cb = loop.parked;
    if (!cb) return;
    loop.parked = undefined;
    orig(cb);
  };
  const redraw = r.redraw.bind(r);
  r.redraw = (options?: unknown) => {
    redraw(options);
    wake();
  };
  const pool = inner.addToAnimationPool.bind(cy);
  inner.addToAnimationPool = (eles: unknown) => {
    pool(eles);
    wake();
  };
  const loopFn = first;
  loops.set(loopFn, loop);
  return {
    cy,
    release: () => {
      wake();
      loops.delete(loopFn);
    },
  };
}
