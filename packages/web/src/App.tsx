import type { MeView } from '@phedds/shared';
import { useMemo, useState } from 'react';
import { AdminPanel, type AdminTab } from './admin/AdminPanel.tsx';
import { AccountMenu } from './auth/AccountMenu.tsx';
import { EnginePill } from './components/EnginePill.tsx';
import { enginePill } from './components/engine-pill-model.ts';
import { Quadrant } from './components/Quadrant.tsx';
import { PANES } from './panes/index.ts';
import { StacksLauncher } from './panes/StacksPane/StacksLauncher.tsx';
import { useConnection } from './stores/connection.ts';
import { useEngine } from './stores/engine.ts';

export function App({ me }: { me: MeView }) {
  const engine = useEngine();
  const connection = useConnection();
  const pill = useMemo(() => enginePill(engine, connection), [engine, connection]);
  const [admin, setAdmin] = useState<AdminTab | undefined>();
  return (
    <div className="app">
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
        <EnginePill model={pill} />
        <AccountMenu me={me} onAdmin={() => setAdmin('users')} onTokens={() => setAdmin('tokens')} />
      </header>
      {admin && (
        <div className="admin-overlay">
          <AdminPanel me={me} initial={admin} onClose={() => setAdmin(undefined)} />
        </div>
      )}
      <main className="quadrants" hidden={admin !== undefined}>
        {[0, 1, 2, 3].map((slot) => (
          <Quadrant key={slot} slot={slot} panes={PANES} />
        ))}
      </main>
    </div>
  );
}
