import { PaneFrame } from '../../components/PaneFrame.tsx';
import { PanePlaceholder } from '../../components/PanePlaceholder.tsx';
import type { PaneProps } from '../types.ts';

export function RelationsPane({ id, title }: PaneProps) {
  return (
    <PaneFrame id={id} title={title}>
      <PanePlaceholder
        feature="Relations — a live graph of how containers connect."
        points={[
          'Containers, networks, volumes, images and compose projects as one graph',
          'Published ports and declared links drawn as edges',
          'Animated as things change, following the selection of the other panes',
        ]}
        coming="Coming with the Relations pane."
      />
    </PaneFrame>
  );
}
