import { PaneFrame } from '../../components/PaneFrame.tsx';
import { PanePlaceholder } from '../../components/PanePlaceholder.tsx';
import type { PaneProps } from '../types.ts';

export function ResourcesPane({ id, title }: PaneProps) {
  return (
    <PaneFrame id={id} title={title}>
      <PanePlaceholder
        feature="Resources — what every container consumes, live."
        points={[
          'CPU, memory, network and block I/O per container and per host',
          'One sample a second, with the history of the last minutes',
          'Top consumers first',
        ]}
        coming="Coming with the Resources pane."
      />
    </PaneFrame>
  );
}
