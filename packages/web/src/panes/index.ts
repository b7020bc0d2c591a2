import { ContainersPane } from './ContainersPane/ContainersPane.tsx';
import { RelationsPane } from './RelationsPane/RelationsPane.tsx';
import { ResourcesPane } from './ResourcesPane/ResourcesPane.tsx';
import { ShellPane } from './ShellPane/ShellPane.tsx';
import type { PaneDefinition } from './types.ts';

export type { PaneDefinition, PaneProps } from './types.ts';

/** Every pane, in reading order: the quadrant grid fills top-left, top-right, bottom-left, bottom-right. */
export const PANES: readonly PaneDefinition[] = [
  { id: 'shell', title: 'Shell', component: ShellPane },
  { id: 'containers', title: 'Containers', component: ContainersPane },
  { id: 'relations', title: 'Relations', component: RelationsPane },
  { id: 'resources', title: 'Resources', component: ResourcesPane },
];
