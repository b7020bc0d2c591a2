import { useStacks } from '../../stores/stacks.ts';
import { progressLines } from './model.ts';

/** The stack's last deploy, step by step, as the server reports it. */
export function DeployLog({ stack }: { stack: string }) {
  const { deploys } = useStacks();
  const p = deploys.get(stack);
  if (!p) return null;
  const lines = progressLines(p);
  return (
    <section
      className="stk-deploy-log"
      data-testid="deploy-log"
      data-state={p.state}
      aria-live="polite"
      aria-label={`Last ${p.kind} of ${stack}`}
    >
      <h4 className="stk-deploy-title">
        {p.state === 'running' && <span className="spinner" aria-hidden="true" />}
        {p.kind === 'deploy' ? 'Deploy' : p.kind === 'down' ? 'Take down' : 'Scale'}{' '}
        {p.state === 'running' ? 'in progress' : p.state === 'succeeded' ? 'succeeded' : 'failed'}
        {p.error?.service && <span className="stk-deploy-blame"> — service {p.error.service}</span>}
      </h4>
      {p.error && <p className="stk-stack-error">{p.error.message}</p>}
      <ol className="stk-deploy-lines">
        {lines.map((l) => (
          <li key={l.key} className={`stk-deploy-line is-${l.status}`}>
            {l.service && <span className="stk-deploy-svc">{l.service}</span>}
            <span>{l.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
