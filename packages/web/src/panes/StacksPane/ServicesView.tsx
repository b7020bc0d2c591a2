import type { StackView } from '@phedds/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/http.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { stacksApi } from './api.ts';
import { DeployLog } from './DeployLog.tsx';
import { serviceSummary } from './model.ts';
import { useCan } from '../../stores/auth.ts';

/** A stack's services with their containers (one engine) or replicas and tasks (Swarm), scale and take down. */
export function ServicesView({ stack }: { stack: StackView }) {
  const canDeploy = useCan('deploy');
  const [asking, setAsking] = useState(false);
  const [volumes, setVolumes] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const canScale = stack.target === 'swarm' || stack.version !== undefined;

  const act = async (what: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError('');
    try {
      await what();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (stack.state === 'down') {
    return (
      <>
        <p className="stk-empty">Nothing of this stack runs now. Its file is kept: open File and deploy it again.</p>
        <DeployLog stack={stack.name} />
      </>
    );
  }
  return (
    <div className="stk-services">
      <ul className="stk-service-list">
        {stack.services.map((svc) => (
          <li key={svc.name} className="stk-service" data-testid="stack-service" data-service={svc.name}>
            <div className="stk-service-head">
              <strong className="stk-service-name">{svc.name}</strong>
              <span className="stk-service-image">{svc.image}</span>
              <span className="stk-service-count" data-testid="service-count">
                {serviceSummary(svc)}
              </span>
              {canDeploy && canScale && (
                <ScaleControl
                  current={svc.replicas?.desired ?? svc.containers.length}
                  disabled={busy || svc.mode === 'global'}
                  onScale={(n) => void act(() => stacksApi.scale(stack.name, svc.name, n))}
                  service={svc.name}
                />
              )}
            </div>
            <ul className="stk-instances">
              {svc.containers.map((c) => (
                <li key={c.id} className="stk-instance" data-state={c.state} title={c.status}>
                  <span className={`stk-dot is-${c.state}`} aria-hidden="true" />
                  <span className="stk-instance-name">{c.name}</span>
                  <span className="stk-instance-status">
                    {c.status}
                    {c.health !== 'none' ? ` · ${c.health}` : ''}
                  </span>
                </li>
              ))}
              {svc.tasks
                ?.filter((t) => t.desiredState === 'running' || t.state === 'running')
                .map((t) => (
                  <li key={t.id} className="stk-instance" data-state={t.state} data-testid="stack-task">
                    <span
                      className={`stk-dot is-${t.state === 'running' ? 'running' : t.state === 'failed' || t.state === 'rejected' ? 'dead' : 'created'}`}
                      aria-hidden="true"
                    />
                    <span className="stk-instance-name">
                      {svc.name}.{t.slot ?? t.id.slice(0, 6)}
                      {t.node ? ` on ${t.node}` : ''}
                    </span>
                    <span className="stk-instance-status">
                      {t.state}
                      {t.error ? ` — ${t.error}` : ''}
                    </span>
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
      {!canScale && (
        <p className="stk-note">
          Made with docker compose outside Phedds: its file is not kept here, so it can be taken down but not scaled.
        </p>
      )}
      {error && (
        <p className="stk-stack-error" role="alert">
          {error}
        </p>
      )}
      {canDeploy && (
        <div className="stk-services-bar">
          <label className="stk-check">
            <input type="checkbox" checked={volumes} onChange={(e) => setVolumes(e.target.checked)} disabled={stack.target === 'swarm'} />{' '}
            and its volumes
          </label>
          <button type="button" className="btn btn-danger" data-testid="stack-down" disabled={busy} onClick={() => setAsking(true)}>
            Take down
          </button>
        </div>
      )}
      <DeployLog stack={stack.name} />
      {asking && (
        <ConfirmDialog
          title={`Take down ${stack.name}?`}
          body={`Every container${stack.target === 'swarm' ? ' and service' : ''} of ${stack.name} is stopped and removed, with its networks${volumes ? ' and its volumes (their data is lost)' : ''}. ${stack.version !== undefined ? 'Its file stays, to deploy it again.' : ''}`}
          confirmLabel="Take down"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            void act(() => stacksApi.down(stack.name, volumes));
          }}
        />
      )}
    </div>
  );
}

function ScaleControl({
  current,
  disabled,
  onScale,
  service,
}: {
  current: number;
  disabled: boolean;
  onScale: (n: number) => void;
  service: string;
}) {
  return (
    <span className="stk-scale" aria-label={`Scale ${service}`}>
      <button
        type="button"
        className="btn stk-small"
        disabled={disabled || current <= 0}
        onClick={() => onScale(current - 1)}
        title={`One ${service} less`}
        data-testid="scale-down"
      >
        −
      </button>
      <span className="stk-scale-n">{current}</span>
      <button
        type="button"
        className="btn stk-small"
        disabled={disabled || current >= 100}
        onClick={() => onScale(current + 1)}
        title={`One ${service} more`}
        data-testid="scale-up"
      >
        +
      </button>
    </span>
  );
}
