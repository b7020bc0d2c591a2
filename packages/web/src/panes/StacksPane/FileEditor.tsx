import { parseEnvText, referencedVariables, type ComposeIssue, type DeployPlan, type StackFile } from '@phedds/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../api/http.ts';
import { issuesOf, stacksApi, type TargetChoice } from './api.ts';
import { ComposeEditor } from './ComposeEditor.tsx';
import { DeployLog } from './DeployLog.tsx';
import type { ComposeEditorHandle } from './editor/monaco-setup.ts';
import { PlanView } from './PlanView.tsx';
import { useCan } from '../../stores/auth.ts';

interface FileEditorProps {
  name: string;
  initial: StackFile;
  /** Where a new stack goes; an existing one keeps its target. */
  target: TargetChoice;
  onDeployed: () => void;
}

/** Server checks while typing: the schema is checked in the browser at once; policy and references a moment later. */
const CHECK_DELAY_MS = 600;

export function FileEditor({ name, initial, target, onDeployed }: FileEditorProps) {
  const canDeploy = useCan('deploy');
  const [compose, setCompose] = useState(initial.compose);
  const [load, setLoad] = useState({ text: initial.compose, key: 0 });
  const [env, setEnv] = useState(initial.env);
  const [issues, setIssues] = useState<ComposeIssue[]>([]);
  const [markers, setMarkers] = useState({ errors: 0, warnings: 0 });
  const [plan, setPlan] = useState<DeployPlan>();
  const [busy, setBusy] = useState<'' | 'plan' | 'deploy'>('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const editor = useRef<ComposeEditorHandle | undefined>(undefined);

  const firstInitial = useRef(initial);
  useEffect(() => {
    if (firstInitial.current === initial) return;
    firstInitial.current = initial;
    setCompose(initial.compose);
    setLoad((l) => ({ text: initial.compose, key: l.key + 1 }));
    setEnv(initial.env);
    setPlan(undefined);
  }, [initial]);

  useEffect(() => {
    // Checking a file is part of deploying it: a viewer's page does not ask (the server would refuse).
    if (!canDeploy) return;
    const ctl = new AbortController();
    const t = setTimeout(() => {
      stacksApi
        .validate(name, { compose, env }, target, ctl.signal)
        .then((r) => setIssues(r.issues))
        .catch(() => undefined);
    }, CHECK_DELAY_MS);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [name, compose, env, target, canDeploy]);

  const vars = useMemo(() => parseEnvText(env).vars, [env]);
  const used = useMemo(() => referencedVariables(compose), [compose]);
  const errors = issues.filter((i) => i.severity === 'error');
  const blocked = errors.length > 0 || markers.errors > 0;

  const review = async (): Promise<void> => {
    setBusy('plan');
    setError('');
    setDone('');
    try {
      const r = await stacksApi.plan(name, { compose, env }, target);
      setPlan(r.plan);
    } catch (err) {
      setError(errorMessage(err));
      const found = issuesOf(err);
      if (found.length) setIssues(found);
    } finally {
      setBusy('');
    }
  };

  const deploy = async (): Promise<void> => {
    setBusy('deploy');
    setError('');
    setDone('');
    try {
      const r = await stacksApi.deploy(name, { compose, env }, target);
      setDone(`Version ${r.version} deployed.`);
      setPlan(undefined);
      onDeployed();
    } catch (err) {
      setError(errorMessage(err));
      const found = issuesOf(err);
      if (found.length) setIssues(found);
    } finally {
      setBusy('');
    }
  };

  return (
    <div className="stk-file-editor">
      <div className="stk-file-main">
        <ComposeEditor
          load={load}
          onChange={(t) => {
            setCompose(t);
            setPlan(undefined);
          }}
          issues={issues}
          onReady={(h) => (editor.current = h)}
          onMarkers={setMarkers}
        />
        <aside className="stk-vars" aria-label="Variables">
          <h4 className="stk-vars-title">Variables (.env)</h4>
          <textarea
            className="stk-vars-text"
            data-testid="stack-env"
            spellCheck={false}
            placeholder={'TAG=1.2\nPORT=8080'}
            value={env}
            onChange={(e) => {
              setEnv(e.target.value);
              setPlan(undefined);
            }}
          />
          {used.length > 0 && (
            <ul className="stk-vars-used" aria-label="Variables the file uses">
              {used.map((v) => (
                <li
                  key={v}
                  className={vars.has(v) ? 'is-set' : 'is-missing'}
                  title={vars.has(v) ? `${v} is set` : `${v} is not set: it becomes empty unless the file gives a default`}
                >
                  {v}
                </li>
              ))}
            </ul>
          )}
          <p className="stk-vars-note">
            Used for ${'{'}VAR{'}'} in the file; kept with the stack, never taken from the console&apos;s environment.
          </p>
        </aside>
      </div>
      <div className="stk-file-bar">
        <span
          className={`stk-file-status ${blocked ? 'is-bad' : 'is-ok'}`}
          data-testid="file-status"
          data-errors={markers.errors + errors.length}
        >
          {blocked
            ? `${Math.max(markers.errors, errors.length)} problem${Math.max(markers.errors, errors.length) === 1 ? '' : 's'} to fix`
            : markers.warnings + issues.length > 0
              ? 'valid, with warnings'
              : 'valid'}
        </span>
        {canDeploy && (
          <>
            <button
              type="button"
              className="btn"
              data-testid="stack-review"
              disabled={busy !== '' || blocked}
              onClick={() => void review()}
            >
              {busy === 'plan' ? 'Checking…' : 'Review changes'}
            </button>
            <button
              type="button"
              className="btn stk-primary"
              data-testid="stack-deploy"
              disabled={busy !== '' || blocked}
              onClick={() => void deploy()}
            >
              {busy === 'deploy' ? 'Deploying…' : 'Deploy'}
            </button>
          </>
        )}
      </div>
      {issues.length > 0 && (
        <ul className="stk-issues" data-testid="stack-issues">
          {issues.map((i, k) => (
            <li key={k} className={`stk-issue is-${i.severity}`}>
              <button
                type="button"
                className="stk-issue-where"
                disabled={i.line === undefined}
                onClick={() => i.line !== undefined && editor.current?.reveal(i.line)}
              >
                {i.line !== undefined ? `line ${i.line}` : i.path === 'env' ? 'variables' : 'file'}
              </button>
              <span className="stk-issue-text">{i.message}</span>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="stk-stack-error" role="alert" data-testid="stack-error">
          {error}
        </p>
      )}
      {done && (
        <p className="stk-stack-done" role="status" data-testid="stack-done">
          {done}
        </p>
      )}
      {plan && <PlanView plan={plan} onDeploy={() => void deploy()} busy={busy !== ''} />}
      <DeployLog stack={name} />
    </div>
  );
}
