import type { PillModel } from './engine-pill-model.ts';

/** The live status pill in the header. */
export function EnginePill({ model }: { model: PillModel }) {
  return (
    <output className="pill" data-testid="engine-pill" data-state={model.state} title={model.title} aria-live="polite">
      <span className="pill-dot" aria-hidden="true" />
      <span className="pill-text">{model.text}</span>
    </output>
  );
}
