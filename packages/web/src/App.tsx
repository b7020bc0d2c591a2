import { useMemo } from 'react';
import { EnginePill } from './components/EnginePill.tsx';
import { enginePill } from './components/engine-pill-model.ts';
import { Quadrant } from './components/Quadrant.tsx';
import { PANES } from './panes/index.ts';
import { StacksLauncher } from './panes/StacksPane/StacksLauncher.tsx';
import { useConnection } from './stores/connection.ts';
import { useEngine } from './stores/engine.ts';

export function App() {
  const engine = useEngine();
  const connection = useConnection();
  const pill = useMemo(() => enginePill(engine, connection), [engine, connection]);
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
      </header>
      <main className="quadrants">
        {[0, 1, 2, 3].map((slot) => (
          <Quadrant key={slot} slot={slot} panes={PANES} />
        ))}
      </main>
    </div>
  );
}
