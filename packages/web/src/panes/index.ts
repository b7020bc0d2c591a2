import { ContainersPane } from './ContainersPane/ContainersPane.tsx';
import { RelationsPane } from './RelationsPane/RelationsPane.tsx';
import { ResourcesPane } from './ResourcesPane/ResourcesPane.tsx';
import { ShellPane } from './ShellPane/ShellPane.tsx';
import { LogsPane } from './LogsPane/LogsPane.tsx';
import { EventsPane } from './EventsPane/EventsPane.tsx';
import { InspectPane } from './InspectPane/InspectPane.tsx';
import { ProcessesPane } from './ProcessesPane/ProcessesPane.tsx';
import { DiffPane } from './DiffPane/DiffPane.tsx';
import { WebPreviewPane } from './WebPreviewPane/WebPreviewPane.tsx';
import { StacksPane } from './StacksPane/StacksPane.tsx';
import type { PaneDefinition } from './types.ts';

export type { PaneDefinition, PaneProps } from './types.ts';

/** Every pane, in reading order: the quadrant grid fills top-left, top-right, bottom-left, bottom-right. */
export const PANES: readonly PaneDefinition[] = [
  { id: 'shell', title: 'Shell', component: ShellPane },
  { id: 'containers', title: 'Containers', component: ContainersPane },
  { id: 'relations', title: 'Relations', component: RelationsPane },
  { id: 'resources', title: 'Resources', component: ResourcesPane },
  { id: 'logs', title: 'Logs', component: LogsPane },
  { id: 'events', title: 'Events', component: EventsPane },
  { id: 'inspect', title: 'Inspect', component: InspectPane },
  { id: 'processes', title: 'Processes', component: ProcessesPane },
  { id: 'diff', title: 'Diff', component: DiffPane },
  { id: 'preview', title: 'Web preview', component: WebPreviewPane },
  { id: 'stacks', title: 'Stacks', component: StacksPane },
];
