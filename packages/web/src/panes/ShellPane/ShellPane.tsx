import { lazy, Suspense, useEffect } from 'react';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { restoreSessions, openHostShell, useTerminals } from '../../stores/terminals.ts';
import type { PaneProps } from '../types.ts';
import { ExecMenu } from './ExecMenu.tsx';
import { TabBar } from './TabBar.tsx';
import './shell-pane.css';

// xterm.js is most of the page's weight: it loads with the first terminal, not with the page.
const TerminalView = lazy(() => import('./TerminalView.tsx').then((m) => ({ default: m.TerminalView })));

export function ShellPane({ id, title }: PaneProps) {
  const { tabs, activeKey } = useTerminals();

  // A reload must not lose a shell: the sessions this browser tab had open come back as tabs.
  useEffect(() => {
    void restoreSessions();
  }, []);

  const tools = (
    <div className="shell-tools">
      <button
        type="button"
        className="term-btn"
        data-testid="new-host-shell"
        title="A shell on the console’s host, with the docker CLI"
        onClick={() => openHostShell()}
      >
        + host shell
      </button>
      <ExecMenu />
    </div>
  );

  return (
    <PaneFrame id={id} title={title} meta={tabs.length > 0 ? `${tabs.length} open` : undefined} tools={tools}>
      <div className="shell" data-testid="shell-pane">
        {tabs.length > 0 && <TabBar tabs={tabs} activeKey={activeKey} />}
        <div className="term-stage">
          {tabs.length === 0 ? (
            <div className="shell-empty">
              <p className="shell-empty-lead">No terminal open.</p>
              <p>
                <strong>+ host shell</strong> opens a shell on the console’s host where <code>docker</code> talks to this engine;{' '}
                <strong>exec into…</strong> (or <strong>exec</strong> on a container’s row) opens one inside a running container.
              </p>
              <button type="button" className="btn" onClick={() => openHostShell()}>
                Open a host shell
              </button>
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
