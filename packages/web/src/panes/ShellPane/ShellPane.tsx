import { lazy, Suspense, useEffect } from 'react';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { useCan } from '../../stores/auth.ts';
import { restoreSessions, openHostShell, useTerminals } from '../../stores/terminals.ts';
import type { PaneProps } from '../types.ts';
import { ExecMenu } from './ExecMenu.tsx';
import { TabBar } from './TabBar.tsx';
import './shell-pane.css';

// xterm.js is most of the page's weight: it loads with the first terminal, not with the page.
const TerminalView = lazy(() => import('./TerminalView.tsx').then((m) => ({ default: m.TerminalView })));

export function ShellPane({ id, title }: PaneProps) {
  const { tabs, activeKey } = useTerminals();
  const canExec = useCan('exec');
  const canHost = useCan('hostShell');

  // A reload must not lose a shell: the sessions this browser tab had open come back as tabs.
  useEffect(() => {
    if (canExec) void restoreSessions();
  }, [canExec]);

  const tools = canExec && (
    <div className="shell-tools">
      {canHost && (
        <button
          type="button"
          className="term-btn"
          data-testid="new-host-shell"
          title="A shell on the console’s host, with the docker CLI"
          onClick={() => openHostShell()}
        >
          + host shell
        </button>
      )}
      <ExecMenu />
    </div>
  );

  return (
    <PaneFrame id={id} title={title} meta={tabs.length > 0 ? `${tabs.length} open` : undefined} tools={tools}>
      <div className="shell" data-testid="shell-pane">
        {tabs.length > 0 && <TabBar tabs={tabs} activeKey={activeKey} />}
        <div className="term-stage">
          {!canExec ? (
            <div className="shell-empty" data-testid="shell-not-allowed">
              <p className="shell-empty-lead">Terminals need an operator or an admin.</p>
              <p>Your role can watch every pane but not type into containers. Ask an admin for a stronger role.</p>
            </div>
          ) : tabs.length === 0 ? (
            <div className="shell-empty">
              <p className="shell-empty-lead">No terminal open.</p>
              <p>
                {canHost && (
                  <>
                    <strong>+ host shell</strong> opens a shell on the console’s host where <code>docker</code> talks to this engine;{' '}
                  </>
                )}
                <strong>exec into…</strong> (or <strong>exec</strong> on a container’s row) opens one inside a running container.
              </p>
              {canHost && (
                <button type="button" className="btn" onClick={() => openHostShell()}>
                  Open a host shell
                </button>
              )}
            </div>
          ) : (
            <Suspense fallback={<p className="term-note">Loading the terminal…</p>}>
              {tabs.map((t) => (
                <TerminalView key={t.key} tab={t} active={t.key === activeKey} />
              ))}
            </Suspense>
          )}
        </div>
      </div>
    </PaneFrame>
  );
}
