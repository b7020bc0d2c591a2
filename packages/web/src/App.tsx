import type { MeView } from '@phedds/shared';
import { useEffect, useMemo, useState } from 'react';
import { AdminPanel, type AdminTab } from './admin/AdminPanel.tsx';
import { AccountMenu } from './auth/AccountMenu.tsx';
import { EnginePill } from './components/EnginePill.tsx';
import { LayoutMenu } from './components/LayoutMenu.tsx';
import { useLayoutKeys } from './components/use-layout-keys.ts';
import { Wall } from './components/Wall.tsx';
import { PANES } from './panes/index.ts';
import { StacksLauncher } from './panes/StacksPane/StacksLauncher.tsx';
import { activeLayout, loadLayouts, togglePresenter, useLayouts } from './stores/layouts.ts';
import './components/presenter.css';

const PANE_IDS = PANES.map((p) => p.id);

export function App({ me }: { me: MeView }) {
  const [admin, setAdmin] = useState<AdminTab | undefined>();
  const layouts = useLayouts();
  const layout = useMemo(() => activeLayout(layouts, PANE_IDS), [layouts]);
  const presenter = layouts.presenter;

  useEffect(() => {
    void loadLayouts(me.user.id, PANE_IDS);
  }, [me.user.id]);
  useLayoutKeys(PANE_IDS);
  // On the root element too: presenter mode scales the type of the whole page (rem).
  useEffect(() => {
    document.documentElement.dataset.presenter = presenter ? 'on' : 'off';
    return () => {
      delete document.documentElement.dataset.presenter;
    };
  }, [presenter]);

  return (
    <div className="app" data-presenter={presenter ? 'on' : 'off'}>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            <i />
            <i />
            <i />
            <i />
          </span>
          <h1 className="brand-name">Phedds</h1>
          <span className="brand-tag">Docker console</span>
        </div>
        <StacksLauncher />
        <LayoutMenu maximised={!!layout.maximised} />
        <button
          type="button"
          className="presenter-toggle"
          data-testid="presenter-toggle"
          aria-pressed={presenter}
          title="Presenter mode: large type, high contrast, what just changed lights up (Alt+P)"
          onClick={togglePresenter}
        >
          <span aria-hidden="true">◉</span> Present
        </button>
        <EnginePill />
        <AccountMenu me={me} onAdmin={() => setAdmin('users')} onTokens={() => setAdmin('tokens')} />
      </header>
      {admin && (
        <div className="admin-overlay">
          <AdminPanel me={me} initial={admin} onClose={() => setAdmin(undefined)} />
        </div>
      )}
      <Wall layout={layout} panes={PANES} hidden={admin !== undefined} />
    </div>
  );
}
