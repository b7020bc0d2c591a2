import { describe, expect, it } from 'vitest';
import { centroid, FreeSpace, placeNodes, type Box, type Point } from './placement.ts';

const overlapping = (a: Box, b: Box): boolean => Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h;

describe('FreeSpace', () => {
  it('answers the anchor itself when it is free, and the nearest free spot when it is not', () => {
    const s = new FreeSpace();
    expect(s.findNear({ x: 0, y: 0 }, 40, 40)).toEqual({ x: 0, y: 0 });
    s.add({ x: 0, y: 0, w: 40, h: 40 });
    const p = s.findNear({ x: 0, y: 0 }, 40, 40);
    expect(overlapping({ ...p, w: 40, h: 40 }, { x: 0, y: 0, w: 40, h: 40 })).toBe(false);
    expect(Math.hypot(p.x, p.y)).toBeLessThan(120);
  });

  it('packs many nodes around one anchor without any two overlapping', () => {
    const s = new FreeSpace();
    const boxes: Box[] = [];
    for (let i = 0; i < 200; i++) {
      const p = s.findNear({ x: 10, y: -5 }, 40, 30);
      const b = { ...p, w: 40, h: 30 };
      s.add(b);
      boxes.push(b);
    }
    let pairs = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlapping(boxes[i]!, boxes[j]!)) pairs++;
    expect(pairs).toBe(0);
  });

  it('keeps strangers out of a compound box but lets its own children in', () => {
    const s = new FreeSpace();
    s.add({ x: 0, y: 0, w: 400, h: 400, owner: 'project:shop' });
    const stranger = s.findNear({ x: 0, y: 0 }, 40, 40);
    expect(overlapping({ ...stranger, w: 40, h: 40 }, { x: 0, y: 0, w: 400, h: 400 })).toBe(false);
    expect(s.findNear({ x: 0, y: 0 }, 40, 40, { inside: 'project:shop' })).toEqual({ x: 0, y: 0 });
  });
});

describe('placeNodes', () => {
  const existing = new Map<string, Point>([
    ['net', { x: 1000, y: 0 }],
    ['web-1', { x: -500, y: 300 }],
    ['web-2', { x: -400, y: 300 }],
  ]);

  function run(nodes: Parameters<typeof placeNodes>[0]['nodes']) {
    const space = new FreeSpace();
    for (const p of existing.values()) space.add({ ...p, w: 40, h: 40 });
    return placeNodes({
      nodes,
      positionOf: (id) => existing.get(id),
      siblingsOf: (parent) => (parent === 'project:shop' ? [existing.get('web-1')!, existing.get('web-2')!] : []),
      fallback: { x: 5000, y: 5000 },
      space,
    });
  }

  it('puts a node beside its neighbours and a project member among its project', () => {
    const out = run([
      { id: 'c', w: 40, h: 40, neighbours: ['net'] },
      { id: 'web-3', w: 40, h: 40, parent: 'project:shop', neighbours: ['net'] },
    ]);
    expect(Math.hypot(out.get('c')!.x - 1000, out.get('c')!.y)).toBeLessThan(150);
    const w3 = out.get('web-3')!;
    expect(Math.hypot(w3.x + 450, w3.y - 300)).toBeLessThan(150);
  });

  it('places nodes whose neighbours are new after those neighbours, and strangers beside the drawing', () => {
    const out = run([
      { id: 'port', w: 30, h: 20, neighbours: ['new-c'] },
      { id: 'new-c', w: 40, h: 40, neighbours: ['net'] },
      { id: 'alone', w: 40, h: 40, neighbours: [] },
    ]);
    const c = out.get('new-c')!;
    expect(Math.hypot(out.get('port')!.x - c.x, out.get('port')!.y - c.y)).toBeLessThan(150);
    expect(out.get('alone')).toEqual({ x: 5000, y: 5000 });
  });

  it('never moves what is already drawn', () => {
    const before = JSON.stringify([...existing]);
    run([{ id: 'x', w: 40, h: 40, neighbours: ['web-1', 'net'] }]);
    expect(JSON.stringify([...existing])).toBe(before);
    expect(centroid([])).toBeUndefined();
  });
});
