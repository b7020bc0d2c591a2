import { useMemo } from 'react';
import { useConnection } from '../stores/connection.ts';
import { useEngine } from '../stores/engine.ts';
import { enginePill } from './engine-pill-model.ts';

/** The live status pill in the header: the engine's state as the live socket reports it. */
export function EnginePill() {
  const engine = useEngine();
  const connection = useConnection();
  const model = useMemo(() => enginePill(engine, connection), [engine, connection]);
  return (
    <output className="pill" data-testid="engine-pill" data-state={model.state} title={model.title} aria-live="polite">
      <span className="pill-dot" aria-hidden="true" />
      <span className="pill-text">{model.text}</span>
    </output>
  );
}
