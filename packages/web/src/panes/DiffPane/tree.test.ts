import { describe, expect, it } from 'vitest';
import { buildTree, flatten } from './tree.ts';

describe('diff tree', () => {
  const changes = [
    { path: '/etc', kind: 'changed' as const },
    { path: '/etc/hosts.new', kind: 'added' as const },
    { path: '/tmp', kind: 'changed' as const },
    { path: '/tmp/a', kind: 'added' as const },
    { path: '/tmp/cache/x', kind: 'added' as const },
    { path: '/var/lib/old', kind: 'deleted' as const },
  ];

  it('nests paths under their folders, with counts of what changed below', () => {
    const root = buildTree(changes);
    expect(root.counts).toEqual({ added: 3, changed: 2, deleted: 1 });
    const tmp = root.children.find((c) => c.name === 'tmp')!;
    expect(tmp.kind).toBe('changed');
    expect(tmp.children.map((c) => c.name)).toEqual(['cache', 'a']); // folders first
    const lib = root.children.find((c) => c.name === 'var')!.children[0]!;
    expect(lib.kind).toBeUndefined();
    expect(lib.counts.deleted).toBe(1);
  });

  it('draws expanded folders only', () => {
    const root = buildTree(changes);
    const rows = (collapsed: string[]) => flatten(root, new Set(collapsed)).map((r) => `${'  '.repeat(r.depth)}${r.node.name}`);
    expect(rows([])).toEqual(['etc', '  hosts.new', 'tmp', '  cache', '    x', '  a', 'var', '  lib', '    old']);
    expect(rows(['/tmp', '/var/lib'])).toEqual(['etc', '  hosts.new', 'tmp', 'var', '  lib']);
  });
});
