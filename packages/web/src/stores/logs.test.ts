import type { ContainerView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { container } from '../panes/ContainersPane/test-fixtures.ts';
import { targetsFor } from './logs.ts';

const web2 = container({ name: 'demo-web-2', compose: { project: 'demo', service: 'web' } });
const web1 = container({ name: 'demo-web-1', compose: { project: 'demo', service: 'web' } });
const other = container({ name: 'other' });
const byId = new Map<string, ContainerView>([web2, web1, other].map((c) => [c.id, c]));

describe('which containers the Logs pane follows', () => {
  it('follows the selection, its whole project, or the picked ones', () => {
    expect(targetsFor('selected', [], web2.id, byId)).toEqual([web2.id]);
    expect(targetsFor('project', [], web2.id, byId)).toEqual([web1.id, web2.id]); // by name
    expect(targetsFor('project', [], other.id, byId)).toEqual([other.id]); // no project: itself
    expect(targetsFor('chosen', [other.id, web1.id], web2.id, byId)).toEqual([other.id, web1.id]);
    expect(targetsFor('selected', [], undefined, byId)).toEqual([]);
  });
});
