import { PaneFrame } from '../../components/PaneFrame.tsx';
import { PanePlaceholder } from '../../components/PanePlaceholder.tsx';
import type { PaneProps } from '../types.ts';

export function ShellPane({ id, title }: PaneProps) {
  return (
    <PaneFrame id={id} title={title}>
      <PanePlaceholder
        feature="Shell — a real terminal with the docker CLI and exec into any container."
        points={[
          'A host shell where docker, docker compose and friends run for real',
          'exec into the container selected in the Containers pane',
          'Several tabs, resize, copy and paste, reconnect without losing the session',
        ]}
        coming="Coming with the Shell pane."
      />
    </PaneFrame>
  );
}
