import type { StylesheetJson } from 'cytoscape';

/**
 * The graph's look, drawn on canvas: the page's palette (styles/base.css), big labels with a dark
 * outline and thick strokes, so it reads on a projector. Colours say state; shapes say kind.
 */
export const TONE_COLOURS = {
  running: '#3fd07a',
  starting: '#c6e75a',
  paused: '#f2b53c',
  restarting: '#5cb0ff',
  created: '#b792ff',
  stopped: '#7d8a9b',
  failed: '#ff6b63',
} as const;

const BG = '#0a0e13';
const TEXT = '#e9eef5';
const MUTED = '#9aa8b8';

/** Widest a node's label is drawn (model units); the placer reserves this much room for it. */
export const LABEL_ROOM = 192;

/** Node sizes by kind (model units); the placer reserves the same room, plus the label. */
export const NODE_SIZE = {
  container: { w: 36, h: 36 },
  network: { w: 46, h: 40 },
  volume: { w: 30, h: 36 },
  image: { w: 40, h: 28 },
  port: { w: 26, h: 20 },
} as const;

export function graphStyle(): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: TEXT,
        'font-size': 16,
        'font-weight': 600,
        'text-valign': 'bottom',
        'text-margin-y': 5,
        'text-outline-color': BG,
        'text-outline-width': 3,
        // No wider than the room the placer keeps for a label (graph-view.ts, nodeRoom): a long
        // name ends in "…" instead of running over its neighbours; the hover card shows it whole.
        'text-wrap': 'ellipsis',
        'text-max-width': `${LABEL_ROOM}px`,
        // Below this on-screen size labels are skipped: unreadable anyway, and they cost frames.
        'min-zoomed-font-size': 6,
        // One level of nesting only (project boxes): saying so spares Cytoscape computing every
        // element's depth in each z-order sort, which was a third of a frame at 500 nodes.
        'z-compound-depth': 'top',
        'border-width': 3,
        // No transitions: without a GPU every animated frame redraws the whole canvas (1,500
        // elements), and a fade on each new, leaving or starting node cost most of the frame rate.
      },
    },
    {
      selector: 'node[kind = "container"]',
      style: {
        shape: 'round-rectangle',
        width: NODE_SIZE.container.w,
        height: NODE_SIZE.container.h,
        // The colour travels in the data: one mapper instead of a selector per state keeps
        // styling 500 nodes cheap.
        'background-color': 'data(colour)',
        'border-color': '#e9eef5',
        'border-opacity': 0.35,
      },
    },
    {
      selector: 'node[kind = "network"]',
      style: {
        shape: 'hexagon',
        width: NODE_SIZE.network.w,
        height: NODE_SIZE.network.h,
        'background-color': '#15395c',
        'border-color': '#5cb0ff',
      },
    },
    {
      selector: 'node[kind = "volume"]',
      style: {
        shape: 'barrel',
        width: NODE_SIZE.volume.w,
        height: NODE_SIZE.volume.h,
        'background-color': '#4a3a12',
        'border-color': '#f2b53c',
      },
    },
    {
      selector: 'node[kind = "image"]',
      style: {
        shape: 'round-tag',
        width: NODE_SIZE.image.w,
        height: NODE_SIZE.image.h,
        'background-color': '#2f2450',
        'border-color': '#b792ff',
        color: '#d9c8ff',
        'font-size': 14,
      },
    },
    {
      selector: 'node[kind = "port"]',
      style: {
        shape: 'round-rectangle',
        width: NODE_SIZE.port.w,
        height: NODE_SIZE.port.h,
        'background-color': '#0f3b38',
        'border-color': '#46d6c8',
        color: '#9ff0e6',
        'font-size': 14,
      },
    },
    {
      selector: 'node[kind = "project"]',
      style: {
        shape: 'round-rectangle',
        'background-color': '#18202a',
        'background-opacity': 0.85,
        'border-color': '#36455a',
        'border-width': 2,
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -6,
        'font-size': 18,
        'font-weight': 700,
        color: MUTED,
        padding: '18px',
        'min-zoomed-font-size': 5,
        'z-compound-depth': 'bottom',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 2,
        'line-color': '#4a5a70',
        // Straight "haystack" lines are the cheapest edges to draw: hundreds stay fluid.
        'curve-style': 'haystack',
        'haystack-radius': 0,
        'z-compound-depth': 'top',
        opacity: 0.85,
      },
    },
    { selector: 'edge[kind = "network"]', style: { 'line-color': '#3d6f9e' } },
    { selector: 'edge[kind = "volume"]', style: { 'line-color': '#8a6d25', 'line-style': 'dashed' } },
    { selector: 'edge[kind = "image"]', style: { 'line-color': '#54467a', width: 1.5 } },
    { selector: 'edge[kind = "port"]', style: { 'line-color': '#2f8f86' } },
    {
      selector: 'edge[kind = "link"], edge[kind = "depends"]',
      style: {
        'curve-style': 'bezier',
        width: 3,
        'line-color': '#e9eef5',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': '#e9eef5',
        'arrow-scale': 1.2,
        label: 'data(label)',
        color: TEXT,
        'font-size': 12,
        'text-outline-color': BG,
        'text-outline-width': 3,
        'min-zoomed-font-size': 9,
      },
    },
    { selector: 'edge[kind = "depends"]', style: { 'line-style': 'dashed', 'line-color': '#c9d3df', 'target-arrow-color': '#c9d3df' } },
    // Selection: the selected node stands out, what it relates to stays, the rest steps back.
    { selector: '.dim', style: { opacity: 0.18 } },
    {
      selector: 'node.selected',
      style: {
        'border-color': '#ffffff',
        'border-width': 6,
        'border-opacity': 1,
        'underlay-color': '#5cb0ff',
        'underlay-opacity': 0.35,
        'underlay-padding': 8,
      },
    },
    { selector: 'edge.near', style: { width: 4, opacity: 1 } },
    // A new node wears a halo for a moment (one redraw to put it on, one to take it off: cheaper
    // than a fade, and easier to spot among 500 nodes on a projector).
    {
      selector: 'node.entering',
      style: { 'underlay-color': '#e9eef5', 'underlay-opacity': 0.45, 'underlay-padding': 10, 'underlay-shape': 'ellipse' },
    },
    { selector: 'node.entering.dim', style: { 'underlay-opacity': 0 } },
    // A removed element is faded for a moment before it goes (last: it wins over dimming).
    { selector: '.leaving', style: { opacity: 0.2 } },
  ];
}
