/**
 * What the graph benchmark installs in the page, as source text (the TypeScript loader would wrap
 * named functions in helpers that do not exist inside the page). Times are the page's own clock in
 * epoch ms (`performance.timeOrigin + performance.now()`), comparable with the engine's event times
 * on the same host.
 */

declare global {
  interface Window {
    __graphBench: {
      /** First frame drawn after the first layout finished (epoch ms); 0 until then. */
      stableAt: number;
      /** Container id → the frame in which its node was first drawn (epoch ms). */
      drawn: Record<string, number>;
      /** Container id → when Cytoscape received its node (epoch ms). */
      added: Record<string, number>;
      /** Starts counting animation frames. */
      startFrames(): void;
      /** Stops counting; frames per second and the longest frame since `startFrames`. */
      stopFrames(): { fps: number; frames: number; seconds: number; worstMs: number; p95Ms: number };
      /** Attaches to the graph's Cytoscape instance once it exists. */
      attach(): boolean;
    };
  }
}

/** Installed before the page loads (addInitScript): it watches the first layout's User Timing mark. */
export const GRAPH_BENCH_INIT = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  let counting = false, frames = [], t0 = 0;
  const tick = (t) => { if (!counting) return; frames.push(t); requestAnimationFrame(tick); };
  window.__graphBench = {
    stableAt: 0,
    drawn: {},
    added: {},
    startFrames() { frames = []; counting = true; t0 = performance.now(); requestAnimationFrame(tick); },
    stopFrames() {
      counting = false;
      const seconds = (performance.now() - t0) / 1000;
      const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
      const p95 = gaps.length ? gaps[Math.min(gaps.length - 1, Math.ceil(gaps.length * 0.95) - 1)] : 0;
      return { fps: frames.length / seconds, frames: frames.length, seconds, worstMs: gaps.length ? gaps[gaps.length - 1] : 0, p95Ms: p95 };
    },
    attach() {
      const el = document.querySelector('[data-testid="relations-canvas"]');
      const cy = el && el._cyreg && el._cyreg.cy;
      if (!cy) return false;
      // A node counts as drawn once Cytoscape has rendered a frame with it visible (at least half
      // opaque), and that frame has gone to the screen: the time is taken at the start of the next
      // frame, so it errs late by up to one frame, never early.
      const waiting = new Map();
      cy.on('add', 'node', (e) => {
        const id = e.target.id();
        if (!id.startsWith('container:')) return;
        waiting.set(id, e.target);
        window.__graphBench.added[id.slice(10)] = now();
      });
      cy.on('render', () => {
        for (const [id, node] of waiting) {
          if (node.removed() || !node.visible() || node.effectiveOpacity() < 0.5) continue;
          waiting.delete(id);
          requestAnimationFrame(() => { window.__graphBench.drawn[id.slice(10)] = now(); });
        }
      });
      return true;
    },
  };
  new PerformanceObserver((list) => {
    for (const m of list.getEntries()) {
      if (m.name !== 'phedds:relations:layout-end') continue;
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__graphBench.stableAt = now(); }));
    }
  }).observe({ entryTypes: ['mark'] });
})()`;

/** Reads the User Timing marks of the first layout, in epoch ms. */
export const LAYOUT_MARKS = `(() => {
  const at = (name) => { const m = performance.getEntriesByName(name)[0]; return m ? performance.timeOrigin + m.startTime : 0; };
  return { start: at('phedds:relations:layout-start'), end: at('phedds:relations:layout-end'), navigation: performance.timeOrigin };
})()`;

/** Counts of what the canvas holds, by kind, plus where the view is. */
export const GRAPH_COUNTS = `(() => {
  const cy = document.querySelector('[data-testid="relations-canvas"]')._cyreg.cy;
  const kinds = {};
  cy.nodes().forEach((n) => { const k = n.data('kind'); kinds[k] = (kinds[k] || 0) + 1; });
  return { nodes: cy.nodes().length, edges: cy.edges().length, kinds, zoom: cy.zoom() };
})()`;

/** A point of the canvas with no node under it (to drag the background, which pans). */
export const EMPTY_SPOT = `(() => {
  const el = document.querySelector('[data-testid="relations-canvas"]');
  const cy = el._cyreg.cy;
  const w = cy.width(), h = cy.height();
  const boxes = cy.nodes().filter((n) => !n.isParent()).map((n) => n.renderedBoundingBox());
  const parents = cy.nodes().filter((n) => n.isParent()).map((n) => n.renderedBoundingBox());
  const free = (x, y, list, pad) => list.every((b) => x < b.x1 - pad || x > b.x2 + pad || y < b.y1 - pad || y > b.y2 + pad);
  for (let y = 40; y < h - 60; y += 10) for (let x = 40; x < w - 200; x += 10) {
    if (free(x, y, boxes, 12) && free(x, y, parents, 4)) return { x, y };
  }
  return null;
})()`;
