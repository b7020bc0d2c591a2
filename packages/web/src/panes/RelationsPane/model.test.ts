import type { ContainerView, GraphNode } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { countsText, projectNames, selectedNodeId, selectionFor } from './model.ts';

const container = (c: { name: string; compose?: ContainerView['compose'] }): ContainerView =>
  ({ id: c.name.padEnd(64, '0'), networks: [], ports: [], labels: {}, ...c }) as unknown as ContainerView;
const node = (kind: GraphNode['kind'], ref: string): GraphNode => ({ id: `${kind}:${ref}`, kind, label: ref, ref, details: [] });

describe('relations pane model', () => {
  it('maps a selection to its node and a node back to a selection, for every kind', () => {
    expect(selectedNodeId('abc', undefined)).toBe('container:abc');
    expect(selectedNodeId(undefined, { kind: 'volume', id: 'data' })).toBe('volume:data');
    expect(selectedNodeId(undefined, undefined)).toBeUndefined();
    for (const kind of ['container', 'network', 'volume', 'image', 'project', 'port'] as const) {
      const n = node(kind, 'x1');
      const sel = selectionFor(n);
      const back = 'container' in sel ? selectedNodeId(sel.container, undefined) : selectedNodeId(undefined, sel.object);
      expect(back).toBe(n.id);
    }
  });

  it('lists compose projects once, sorted', () => {
    const a = container({ name: 'a', compose: { project: 'shop' } });
    const b = container({ name: 'b', compose: { project: 'blog' } });
    const c = container({ name: 'c', compose: { project: 'shop' } });
    expect(projectNames([a, b, c, container({ name: 'd' })])).toEqual(['blog', 'shop']);
  });

  it('counts in words', () => {
    expect(countsText({ containers: 1, networks: 2, volumes: 0, images: 3 })).toBe('1 container · 2 networks · 0 volumes · 3 images');
  });
});
