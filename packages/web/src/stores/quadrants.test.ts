import { describe, expect, it } from 'vitest';
import { resolveQuadrants } from './quadrants.ts';

const panes = ['shell', 'containers', 'relations', 'resources', 'logs', 'events'];

describe('resolveQuadrants', () => {
  it('shows the first four panes by default', () => {
    expect(resolveQuadrants([], panes)).toEqual(['shell', 'containers', 'relations', 'resources']);
  });

  it('keeps saved choices, once each, and falls back for unknown ones', () => {
    expect(resolveQuadrants(['logs', undefined, 'events'], panes)).toEqual(['logs', 'containers', 'events', 'resources']);
    expect(resolveQuadrants(['gone', 'logs', 'logs', 'shell'], panes)).toEqual(['containers', 'logs', 'relations', 'shell']);
  });
});
