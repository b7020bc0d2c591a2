import type { ContainerView } from '@phedds/shared';

let n = 0;

/** A container view for tests; override only what a test is about. */
export function container(overrides: Partial<ContainerView> & { name: string }): ContainerView {
  n++;
  return {
    id: `${String(n).padStart(4, '0')}${'a'.repeat(60)}`,
    image: 'busybox:local',
    imageId: 'sha256:feed',
    command: 'sh',
    state: 'running',
    status: 'Up 1 minute',
    health: 'none',
    createdAt: 1_000_000,
    startedAt: 1_000_000,
    ports: [],
    networks: ['bridge'],
    labels: {},
    autoRemove: false,
    ...overrides,
  };
}
