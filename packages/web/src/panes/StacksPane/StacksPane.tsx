import { stackNameProblem, type StackFile, type StackView } from '@phedds/shared';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/http.ts';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { useStacks } from '../../stores/stacks.ts';
import type { PaneProps } from '../types.ts';
import { stacksApi, type StackDetails, type TargetChoice } from './api.ts';
import { FileEditor } from './FileEditor.tsx';
import { origin, runningCount, stateLabel, STARTER } from './model.ts';
import { ServicesView } from './ServicesView.tsx';
import { VersionsView } from './VersionsView.tsx';
import './stacks-pane.css';

type Tab = 'services' | 'file' | 'versions';

const NEW_FILE: StackFile = { compose: 'services:\n  ', env: '' };

/** `onClose`: shown as a Close button when the view is opened over the whole page. */
export function StacksPane({ id, title, onClose }: PaneProps & { onClose?: () => void }) {
  const { stacks, loaded } = useStacks();
  const [selected, setSelected] = useState<string>();
  const [creating, setCreating] = useState<{ name: string; target: TargetChoice } | undefined>();
  const [tab, setTab] = useState<Tab>('services');
  const stack = stacks.find((s) => s.name === selected);
  const running = useMemo(() => stacks.filter((s) => s.state === 'running').length, [stacks]);

  return (
    <PaneFrame
      id={id}
      title={title}
      meta={loaded ? `${stacks.length} stack${stacks.length === 1 ? '' : 's'}, ${running} running` : undefined}
      tools={
        <>
          <button
            type="button"
            className="btn stk-small"
            data-testid="stack-new"
            onClick={() => {
              setCreating({ name: '', target: 'auto' });
              setSelected(undefined);
            }}
          >
            New stack
          </button>
          {onClose && (
            <button type="button" className="btn stk-small" data-testid="close-stacks" onClick={onClose} aria-label="Close the Stacks view">
              Close
            </button>
          )}
        </>
      }
    >
      <div className="stk-stacks">
        <nav className="stk-stack-list" aria-label="Stacks">
          {!loaded && (
            <p className="stk-empty">
              <span className="spinner" aria-hidden="true" /> Loading stacks…
            </p>
          )}
          {loaded && stacks.length === 0 && (
            <p className="stk-empty">No stacks yet. Start one with New stack, or run docker compose up: it appears here.</p>
          )}
          <ul>
            {stacks.map((s) => (
              <StackItem
                key={s.name}
                stack={s}
                active={s.name === selected}
                onSelect={() => {
                  setSelected(s.name);
                  setCreating(undefined);
                  setTab(s.state === 'down' ? 'file' : 'services');
                }}
              />
            ))}
          </ul>
        </nav>
        <div className="stk-stack-detail">
          {creating ? (
            <NewStack
              draft={creating}
              onChange={setCreating}
              taken={stacks.some((s) => s.name === creating.name)}
              onDeployed={(name) => {
                setCreating(undefined);
                setSelected(name);
                setTab('services');
              }}
            />
          ) : stack ? (
            <StackDetail stack={stack} tab={tab} onTab={setTab} />
          ) : (
            <p className="stk-empty">Choose a stack to see its services, its file and its versions.</p>
          )}
        </div>
      </div>
    </PaneFrame>
  );
}

function StackItem({ stack, active, onSelect }: { stack: StackView; active: boolean; onSelect: () => void }) {
  const { running, total } = runningCount(stack);
  return (
    <li>
      <button
        type="button"
        className={`stk-stack-item${active ? ' is-active' : ''}`}
        data-testid="stack-item"
        data-stack={stack.name}
        data-state={stack.state}
        aria-current={active}
        onClick={onSelect}
      >
        <span className={`stk-dot is-${stack.state}`} aria-hidden="true" />
        <span className="stk-stack-name">{stack.name}</span>
        <span className={`stk-badge is-${stack.target}`}>{stack.target === 'swarm' ? 'swarm' : 'engine'}</span>
        <span className="stk-stack-count">{stack.state === 'down' ? 'down' : `${running}/${total}`}</span>
        {stack.deploying && <span className="spinner" aria-label="deploying" />}
      </button>
    </li>
  );
}

function StackDetail({ stack, tab, onTab }: { stack: StackView; tab: Tab; onTab: (t: Tab) => void }) {
  const [details, setDetails] = useState<StackDetails>();
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    stacksApi.details(stack.name, ctl.signal).then(setDetails, (e: unknown) => !ctl.signal.aborted && setError(errorMessage(e)));
    return () => ctl.abort();
  }, [stack.name, stack.version, reload]);
  const file = useMemo<StackFile>(() => details?.file ?? { compose: '', env: '' }, [details]);
  const target: TargetChoice = stack.target;
  return (
    <section className="stk-stack" data-testid="stack-detail" data-stack={stack.name}>
      <header className="stk-stack-head">
        <h3 className="stk-stack-title">{stack.name}</h3>
        <span className={`stk-stack-state is-${stack.state}`}>{stateLabel(stack)}</span>
        <span className="stk-stack-origin">{origin(stack)}</span>
      </header>
      <div className="stk-tabs" role="tablist">
        {(['services', 'file', 'versions'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={`stk-tab${tab === t ? ' is-active' : ''}`}
            data-testid={`stack-tab-${t}`}
            onClick={() => onTab(t)}
          >
            {t === 'services' ? 'Services' : t === 'file' ? 'File' : `Versions${details ? ` (${details.versions.length})` : ''}`}
          </button>
        ))}
      </div>
      {error && <p className="stk-stack-error">{error}</p>}
      {tab === 'services' && <ServicesView stack={stack} />}
      {tab === 'file' &&
        (details?.file || stack.version !== undefined ? (
          <FileEditor name={stack.name} initial={file} target={target} onDeployed={() => setReload((n) => n + 1)} />
        ) : details ? (
          <div className="stk-note">
            <p>
              This stack was started outside Phedds
              {stack.workingDir ? ` from ${stack.workingDir}/${stack.configFiles ?? 'docker-compose.yml'}` : ''}; its file is not kept here
              (Phedds never reads files from the host for it).
            </p>
            <p>Paste its file below and deploy to manage it from Phedds: containers whose configuration is unchanged are kept.</p>
            <FileEditor name={stack.name} initial={{ compose: '', env: '' }} target={target} onDeployed={() => setReload((n) => n + 1)} />
          </div>
        ) : null)}
      {tab === 'versions' && details && (
        <VersionsView
          stack={stack.name}
          versions={details.versions}
          {...(details.version !== undefined ? { current: details.version } : {})}
          onChanged={() => setReload((n) => n + 1)}
        />
      )}
    </section>
  );
}

function NewStack({
  draft,
  onChange,
  taken,
  onDeployed,
}: {
  draft: { name: string; target: TargetChoice };
  onChange: (d: { name: string; target: TargetChoice }) => void;
  taken: boolean;
  onDeployed: (name: string) => void;
}) {
  const problem =
    draft.name === ''
      ? undefined
      : (stackNameProblem(draft.name) ?? (taken ? `A stack named ${draft.name} exists: choose it in the list to change it.` : undefined));
  const ready = draft.name !== '' && problem === undefined;
  const [initial, setInitial] = useState<StackFile>(NEW_FILE);
  return (
    <section className="stk-stack" data-testid="stack-new-form">
      <header className="stk-stack-head">
        <label className="stk-new-name">
          <span>Name</span>
          <input
            className="filter"
            data-testid="stack-name"
            value={draft.name}
            placeholder="e.g. shop"
            spellCheck={false}
            autoFocus
            onChange={(e) => onChange({ ...draft, name: e.target.value })}
            aria-invalid={problem !== undefined}
          />
        </label>
        <label className="stk-new-target">
          <span>Deploy to</span>
          <select className="filter" value={draft.target} onChange={(e) => onChange({ ...draft, target: e.target.value as TargetChoice })}>
            <option value="auto">this engine (a Swarm when it is a manager)</option>
            <option value="engine">this engine, as docker compose</option>
            <option value="swarm">the Swarm, as docker stack</option>
          </select>
        </label>
        <button type="button" className="btn stk-small" onClick={() => setInitial({ compose: STARTER, env: '' })}>
          Insert an example
        </button>
      </header>
      {problem && <p className="stk-stack-error">{problem}</p>}
      {ready ? (
        <FileEditor name={draft.name} initial={initial} target={draft.target} onDeployed={() => onDeployed(draft.name)} />
      ) : (
        <p className="stk-empty">Name the stack (lowercase letters, digits, - and _) to write its file.</p>
      )}
    </section>
  );
}
