import type { MeView } from '@phedds/shared';
import { EnginePill } from '../components/EnginePill.tsx';
import { PaneErrorBoundary } from '../components/PaneErrorBoundary.tsx';
import { PANES } from '../panes/index.ts';
import { MirrorShell } from './MirrorShell.tsx';
import './audience.css';

/**
 * What an audience member sees through a share link: the chosen panes, live, with no controls.
 * Their role is a viewer's, so the panes offer no action and the server refuses any (the page
 * only follows suit); terminals are mirrored read-only.
 */
export function AudienceView({ me }: { me: MeView }) {
  const audience = me.audience!;
  const panes = audience.panes.map((id) => PANES.find((p) => p.id === id)).filter((p) => p !== undefined);
  return (
    <div className="audience" data-testid="audience-view" data-panes={panes.length}>
      <header className="audience-bar">
        <span className="audience-live" aria-hidden="true" />
        <strong className="audience-title">{audience.label}</strong>
        <span className="audience-note">Live view · read-only</span>
        <EnginePill />
      </header>
      <main className="audience-grid" data-count={panes.length}>
        {panes.map((pane) => (
          <div key={pane.id} className="quadrant" data-pane-shown={pane.id}>
            <PaneErrorBoundary title={pane.title}>
              {pane.id === 'shell' ? <MirrorShell id={pane.id} title={pane.title} /> : <pane.component id={pane.id} title={pane.title} />}
            </PaneErrorBoundary>
          </div>
        ))}
      </main>
    </div>
  );
}
