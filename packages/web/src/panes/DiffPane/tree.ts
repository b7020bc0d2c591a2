import type { ChangeKind, ContainerChange } from '@phedds/shared';

export interface TreeNode {
  name: string;
  path: string;
  /** What happened to this path; undefined for a folder only listed through what is under it. */
  kind?: ChangeKind;
  children: TreeNode[];
  /** Changes at or under this node. */
  counts: Record<ChangeKind, number>;
}

const zero = (): Record<ChangeKind, number> => ({ added: 0, changed: 0, deleted: 0 });

/** The flat list `docker diff` gives, as a tree under `/` (folders first, then by name). */
export function buildTree(changes: readonly ContainerChange[]): TreeNode {
  const root: TreeNode = { name: '/', path: '/', children: [], counts: zero() };
  const index = new Map<string, TreeNode>([['/', root]]);
  for (const c of changes) {
    const parts = c.path.split('/').filter(Boolean);
    let node = root;
    let path = '';
    for (const part of parts) {
      path += `/${part}`;
      let next = index.get(path);
      if (!next) {
        next = { name: part, path, children: [], counts: zero() };
        index.set(path, next);
        node.children.push(next);
      }
      node = next;
    }
    node.kind = c.kind;
  }
  const finish = (n: TreeNode): void => {
    for (const ch of n.children) {
      finish(ch);
      for (const k of ['added', 'changed', 'deleted'] as const) n.counts[k] += ch.counts[k];
    }
    if (n.kind) n.counts[n.kind]++;
    n.children.sort((a, b) => Number(b.children.length > 0) - Number(a.children.length > 0) || a.name.localeCompare(b.name));
  };
  finish(root);
  return root;
}

export interface FlatRow {
  node: TreeNode;
  depth: number;
}

/** The rows to draw: every node under an expanded one (the root itself is not drawn). */
export function flatten(root: TreeNode, collapsed: ReadonlySet<string>): FlatRow[] {
  const out: FlatRow[] = [];
  const walk = (n: TreeNode, depth: number): void => {
    for (const ch of n.children) {
      out.push({ node: ch, depth });
      if (!collapsed.has(ch.path)) walk(ch, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}
