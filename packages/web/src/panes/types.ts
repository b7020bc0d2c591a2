import type { ComponentType } from 'react';

export interface PaneProps {
  id: string;
  title: string;
}

/** A pane as the layout knows it: the registry in `index.ts` is a flat list of these. */
export interface PaneDefinition {
  id: string;
  title: string;
  component: ComponentType<PaneProps>;
}
