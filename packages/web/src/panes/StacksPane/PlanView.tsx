import type { DeployPlan } from '@phedds/shared';

interface PlanViewProps {
  plan: DeployPlan;
  busy: boolean;
  onDeploy: () => void;
}

const VERB: Record<string, string> = {
  create: 'create',
  recreate: 'recreate',
  keep: 'keep',
  scale: 'scale',
  start: 'start',
  remove: 'remove',
};

/** What a deploy will change: services, resources and the file's diff against the deployed version. */
export function PlanView({ plan, busy, onDeploy }: PlanViewProps) {
  const changes = plan.services.filter((s) => s.action !== 'keep').length + plan.resources.filter((r) => r.action !== 'keep').length;
  return (
    <section className="stk-plan" data-testid="stack-plan" aria-label="What the deploy will change">
      <h4 className="stk-plan-title">
        {changes === 0
          ? 'Nothing to change: everything already runs as the file says.'
          : `${changes} change${changes === 1 ? '' : 's'} on ${plan.target === 'swarm' ? 'the Swarm' : 'the engine'}`}
      </h4>
      <ul className="stk-plan-list">
        {plan.services.map((s) => (
          <li key={s.service} className={`stk-plan-item is-${s.action}`} data-service={s.service} data-action={s.action}>
            <span className="stk-plan-verb">{VERB[s.action]}</span> <strong>{s.service}</strong>{' '}
            <span className="stk-plan-why">{s.reason}</span>
          </li>
        ))}
        {plan.resources
          .filter((r) => r.action !== 'keep')
          .map((r) => (
            <li key={`${r.kind}:${r.name}`} className={`stk-plan-item is-${r.action}`}>
              <span className="stk-plan-verb">{r.action}</span> {r.kind} <strong>{r.name}</strong>
            </li>
          ))}
      </ul>
      {plan.diff.length > 0 && (
        <pre className="stk-plan-diff" aria-label="Changes to the file">
          {plan.diff.map((l, i) => (
            <span key={i} className={l.op === '+' ? 'd-add' : l.op === '-' ? 'd-del' : 'd-ctx'}>
              {l.op} {l.text}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
      {changes > 0 && (
        <button type="button" className="btn stk-primary" disabled={busy} onClick={onDeploy} data-testid="plan-deploy">
          Deploy these changes
        </button>
      )}
    </section>
  );
}
