import type { TerminalInfo } from '@phedds/shared';
import { lazy, Suspense, useEffect, useState } from 'react';
import { listTerminals } from '../api/terminal.ts';
import { PaneFrame } from '../components/PaneFrame.tsx';
import type { PaneProps } from '../panes/types.ts';
import '../panes/ShellPane/shell-pane.css';

// xterm.js loads with the first mirrored terminal, as in the Shell pane.
const MirrorTerminal = lazy(() => import('./MirrorTerminal.tsx'));
/** Terminals are not an engine object: the list is asked for again this often. */
const LIST_EVERY_MS = 3000;

/** The audience's Shell pane: the presenter's terminals, mirrored read-only, newest first. */
export function MirrorShell({ id, title }: PaneProps) {
  const [terminals, setTerminals] = useState<TerminalInfo[]>([]);
  const [chosen, setChosen] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    const load = (): void => {
      listTerminals().then(
        (list) => live && setTerminals([...list].sort((a, b) => b.createdAt - a.createdAt)),
        () => undefined,
      );
    };
    load();
    const t = setInterval(load, LIST_EVERY_MS);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, []);
  const shown = terminals.find((t) => t.id === chosen) ?? terminals[0];
  return (
    <PaneFrame id={id} title={title} meta={terminals.length > 0 ? `${terminals.length} open · read-only` : 'read-only'}>
      <div className="shell" data-testid="mirror-shell">
        {terminals.length > 1 && (
          <div className="term-tabs" role="tablist">
            {terminals.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                className={`term-tab${t.id === shown?.id ? ' is-active' : ''}`}
                aria-selected={t.id === shown?.id}
                onClick={() => setChosen(t.id)}
              >
                {t.title}
              </button>
            ))}
          </div>
        )}
        <div className="term-stage">
          {shown ? (
            <Suspense fallback={<p className="term-note">Loading the terminal…</p>}>
              <div className="term-view">
                <MirrorTerminal key={shown.id} id={shown.id} />
              </div>
            </Suspense>
          ) : (
            <div className="shell-empty">
              <p className="shell-empty-lead">No terminal open yet.</p>
              <p>The presenter’s terminals appear here, live, as soon as one is opened.</p>
            </div>
          )}
        </div>
      </div>
    </PaneFrame>
  );
}
