import type { StackView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { origin, runningCount, serviceSummary } from './model.ts';

const engineStack: StackView = {
  name: 'shop',
  target: 'engine',
  state: 'partial',
  services: [
    {
      name: 'web',
      containers: [
        { id: 'a', name: 'shop_web_1', service: 'web', state: 'running', health: 'none', status: 'Up', image: 'x' },
        { id: 'b', name: 'shop_web_2', service: 'web', state: 'exited', health: 'none', status: 'Exited', image: 'x' },
      ],
    },
  ],
  workingDir: '/srv/shop',
};

describe('stacks pane model', () => {
  it('counts running containers or replicas', () => {
    expect(runningCount(engineStack)).toEqual({ running: 1, total: 2 });
    const swarm: StackView = {
      name: 's',
      target: 'swarm',
      state: 'running',
      services: [{ name: 'w', containers: [], replicas: { running: 2, desired: 3 } }],
    };
    expect(runningCount(swarm)).toEqual({ running: 2, total: 3 });
    expect(serviceSummary(swarm.services[0]!)).toBe('2/3 replicas');
    expect(serviceSummary(engineStack.services[0]!)).toBe('1/2 running');
  });

  it('says where a stack comes from', () => {
    expect(origin(engineStack)).toBe('docker compose in /srv/shop');
    expect(origin({ ...engineStack, version: 3 })).toBe('Phedds, version 3');
  });
});
