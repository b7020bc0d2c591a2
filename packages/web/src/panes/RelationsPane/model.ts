import { nodeId, type ContainerView, type GraphNode } from '@phedds/shared';
import type { SelectedObject } from '../../stores/selection.ts';

/** The graph node that stands for what the other panes have selected. */
export function selectedNodeId(container: string | undefined, object: SelectedObject | undefined): string | undefined {
  if (container) return nodeId.container(container);
  if (!object) return undefined;
  return nodeId[object.kind](object.id);
}

/** What selecting a node means for the other panes. */
export function selectionFor(node: GraphNode): { container: string } | { object: SelectedObject } {
  if (node.kind === 'container') return { container: node.ref };
  return { object: { kind: node.kind, id: node.ref } };
}

/** Compose projects present, sorted, for the "one project" filter. */
export function projectNames(containers: Iterable<ContainerView>): string[] {
  const names = new Set<string>();
  for (const c of containers) if (c.compose) names.add(c.compose.project);
  return [...names].sort();
}

/** The pane's header line: how much the graph holds. */
export function countsText(counts: { containers: number; networks: number; volumes: number; images: number }): string {
  const part = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
  return [
    part(counts.containers, 'container'),
    part(counts.networks, 'network'),
    part(counts.volumes, 'volume'),
    part(counts.images, 'image'),
  ].join(' · ');
}
