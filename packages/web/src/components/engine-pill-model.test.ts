import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '@phedds/shared';
import { enginePill } from './engine-pill-model.ts';

const open = { state: 'open', failures: 0 } as const;
const up: EngineStatus = { state: 'up', address: 'unix:///tmp/e/docker.sock', version: '20.10.24', apiVersion: '1.41', since: 1 };

describe('enginePill', () => {
  it('shows the engine version and address when it is up', () => {
    expect(enginePill(up, open)).toMatchObject({
      state: 'up',
      text: 'engine up · Docker 20.10.24 · unix:///tmp/e/docker.sock',
    });
  });

  it('shows why the engine is unreachable', () => {
    const down: EngineStatus = { state: 'down', address: 'unix:///x', error: 'connect ENOENT /x', since: 1 };
    expect(enginePill(down, open)).toMatchObject({ state: 'down', text: 'engine unreachable — connect ENOENT /x' });
    expect(enginePill({ ...down, error: undefined }, open).text).toBe('engine unreachable — no answer from unix:///x');
  });

  it('says connecting while the engine or the first socket is not there yet', () => {
    expect(enginePill({ ...up, state: 'connecting' }, open).state).toBe('connecting');
    expect(enginePill(undefined, open).text).toBe('connecting…');
    expect(enginePill(undefined, { state: 'connecting', failures: 0 }).state).toBe('connecting');
  });

  it('puts its own lost connection before stale engine news', () => {
    for (const state of ['closed', 'connecting'] as const) {
      expect(enginePill(up, { state, failures: 2 })).toMatchObject({
        state: 'disconnected',
        text: 'console disconnected, reconnecting…',
      });
    }
  });
});
