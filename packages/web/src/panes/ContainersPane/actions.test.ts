import { describe, expect, it } from 'vitest';
import { confirmationFor, removeNeedsForce, rowActions } from './actions.ts';
import { container } from './test-fixtures.ts';

describe('rowActions', () => {
  it('offers the lifecycle actions of the state, then remove', () => {
    expect(rowActions('running')).toEqual(['stop', 'restart', 'pause', 'kill', 'remove']);
    expect(rowActions('paused')).toEqual(['unpause', 'kill', 'remove']);
    expect(rowActions('exited')).toEqual(['start', 'remove']);
  });

  it('offers nothing while the engine removes the container', () => {
    expect(rowActions('removing')).toEqual([]);
  });
});

describe('confirmationFor', () => {
  const standalone = container({ name: 'web<script>' });
  const composed = container({ name: 'shop-web-1', compose: { project: 'shop', service: 'web' } });

  it('always asks before kill and remove, naming the container', () => {
    for (const c of [standalone, composed]) {
      expect(confirmationFor(c, 'kill')?.title).toBe(`Kill ${c.name}?`);
      expect(confirmationFor(c, 'remove')?.title).toBe(`Remove ${c.name}?`);
    }
  });

  it('asks before stopping only a container that stopping deletes (--rm)', () => {
    const ephemeral = container({ name: 'scratch', autoRemove: true });
    expect(confirmationFor(ephemeral, 'stop')?.body).toContain('--rm');
    expect(confirmationFor(standalone, 'stop')).toBeUndefined();
    expect(confirmationFor(composed, 'stop')).toBeUndefined();
  });

  it('never asks for harmless actions', () => {
    for (const a of ['start', 'restart', 'pause', 'unpause'] as const) expect(confirmationFor(standalone, a)).toBeUndefined();
  });

  it('warns that removing a running container kills it', () => {
    expect(confirmationFor(standalone, 'remove')?.body).toContain('killed');
    expect(removeNeedsForce(standalone)).toBe(true);
    const exited = container({ name: 'done', state: 'exited', exitCode: 0 });
    expect(confirmationFor(exited, 'remove')?.body).not.toContain('killed');
    expect(removeNeedsForce(exited)).toBe(false);
  });
});
