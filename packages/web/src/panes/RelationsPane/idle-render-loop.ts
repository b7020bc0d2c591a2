import type { Core } from 'cytoscape';

/**
 * Cytoscape's renderer asks for an animation frame every frame, whether it draws or not. A page
 * with a frame always pending makes Chromium hold back the page's other tasks after each key press
 * until that frame is done, so a terminal's echo beside the graph waited two frames (measured with
 * bench:terminal: about 26 ms against 9–12 ms with the loop stopped). This parks the renderer's
 * loop while it has nothing to draw and no animation runs, and wakes it on the first redraw
 * request or animation.
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

interface RendererInternals {
  requestedFrame?: boolean;
  redraw(options?: unknown): void;
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
      if (r.requestedFrame || inner._private.aniEles.length > 0) quiet = 0;
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
