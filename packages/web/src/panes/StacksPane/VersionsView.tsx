import type { StackFile, StackVersionInfo } from '@phedds/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/http.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { stacksApi } from './api.ts';
import { useCan } from '../../stores/auth.ts';

interface VersionsViewProps {
  stack: string;
  versions: StackVersionInfo[];
  current?: number;
  onChanged: () => void;
}

/** Every kept version of the file: view one, or deploy it again (a roll back makes a new version). */
export function VersionsView({ stack, versions, current, onChanged }: VersionsViewProps) {
  const canDeploy = useCan('deploy');
  const [shown, setShown] = useState<{ version: number; file: StackFile }>();
  const [asking, setAsking] = useState<number>();
  const [error, setError] = useState('');
  if (versions.length === 0) return <p className="stk-empty">No version kept yet: this stack was not deployed from Phedds.</p>;
  return (
    <div className="stk-versions">
      <ul className="stk-version-list">
        {versions.map((v) => (
          <li key={v.version} className={`stk-version is-${v.result}`} data-testid="stack-version" data-version={v.version}>
            <span className="stk-version-n">v{v.version}</span>
            <span className="stk-version-when">{new Date(v.createdAt).toLocaleString()}</span>
            <span className="stk-version-what">
              {v.result === 'failed' ? 'failed' : v.version === current ? 'deployed now' : 'deployed'}
              {v.rolledBackFrom ? ` · roll back to v${v.rolledBackFrom}` : ''}
              {v.by ? ` · ${v.by}` : ''}
            </span>
            <button
              type="button"
              className="btn stk-small"
              onClick={() =>
                void stacksApi.version(stack, v.version).then(
                  (r) => setShown({ version: v.version, file: r.file }),
                  (e: unknown) => setError(errorMessage(e)),
                )
              }
            >
              View
            </button>
            {canDeploy && v.version !== current && (
              <button type="button" className="btn stk-small" data-testid="stack-rollback" onClick={() => setAsking(v.version)}>
                Roll back
              </button>
            )}
            {v.message && <p className="stk-version-msg">{v.message}</p>}
          </li>
        ))}
      </ul>
      {error && (
        <p className="stk-stack-error" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <section className="stk-version-view" aria-label={`Version ${shown.version}`}>
          <h4>
            Version {shown.version}{' '}
            <button type="button" className="btn stk-small" onClick={() => setShown(undefined)}>
              Close
            </button>
          </h4>
          <pre className="stk-version-file">{shown.file.compose}</pre>
          {shown.file.env && <pre className="stk-version-file">{shown.file.env}</pre>}
        </section>
      )}
      {asking !== undefined && (
        <ConfirmDialog
          title={`Roll ${stack} back to version ${asking}?`}
          body={`Version ${asking}'s file is deployed again as a new version; only the services that differ are recreated.`}
          confirmLabel="Roll back"
          onCancel={() => setAsking(undefined)}
          onConfirm={() => {
            const v = asking;
            setAsking(undefined);
            stacksApi.rollback(stack, v).then(onChanged, (e: unknown) => setError(errorMessage(e)));
          }}
        />
      )}
    </div>
  );
}
