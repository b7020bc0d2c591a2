import { useEffect, useMemo, useState } from 'react';
import { shortId } from '@phedds/shared';
import '../../components/details.css';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { useContainers } from '../../stores/containers.ts';
import { focusObject, inspectStore, objectInspectStore, useInspectFocus } from '../../stores/details.ts';
import { useSelection } from '../../stores/selection.ts';
import type { PaneProps } from '../types.ts';
import { containerSections, jsonTokens, objectSections, type Section } from './model.ts';

function Sections({ sections }: { sections: Section[] }) {
  return (
    <>
      {sections.map((s) => (
        <section key={s.title} className="kv-section">
          <h3 className="kv-title">{s.title}</h3>
          <dl className="kv">
            {s.rows.map(([label, value]) => (
              <div key={label} className="kv-row">
                <dt>{label}</dt>
                <dd>
                  {Array.isArray(value) ? (
                    <ul className="kv-list">
                      {value.map((v, i) => (
                        <li key={i}>{v}</li>
                      ))}
                    </ul>
                  ) : (
                    value
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}

function RawJson({ value }: { value: unknown }) {
  const tokens = useMemo(() => jsonTokens(JSON.stringify(value, null, 2)), [value]);
  return (
    <pre className="json" data-testid="inspect-raw">
      {tokens.map((t, i) =>
        t.cls ? (
          <span key={i} className={t.cls}>
            {t.text}
          </span>
        ) : (
          t.text
        ),
      )}
    </pre>
  );
}

/**
 * `docker inspect` of the selected container: the parts people read first, in words, or the whole
 * answer as JSON. A network or volume picked in the Events pane shows here until a container is
 * selected again.
 */
export function InspectPane({ id, title }: PaneProps) {
  const selected = useSelection();
  const focus = useInspectFocus();
  const { byId } = useContainers();
  const [raw, setRaw] = useState(false);
  const [reveal, setReveal] = useState(false);
  const container = selected ? byId.get(selected) : undefined;

  // A new selection takes the pane back from a network or volume.
  useEffect(() => focusObject(undefined), [selected]);
  // The inventory changed this container (started, stopped, renamed…): read it again.
  useEffect(() => {
    if (container) inspectStore.refresh(container.id);
  }, [container]);

  const showObject = focus !== undefined;
  const data = inspectStore.useData(showObject ? undefined : selected);
  const objectData = objectInspectStore.useData(focus ? `${focus.kind}:${focus.id}` : undefined);
  const current = showObject ? objectData : data;

  const sections = useMemo(() => {
    if (current.data === undefined) return [];
    return focus ? objectSections(focus.kind, current.data) : containerSections(current.data, reveal);
  }, [current.data, focus, reveal]);

  const name = focus ? `${focus.kind} ${focus.name}` : (container?.name ?? (selected ? shortId(selected) : undefined));
  const tools = (
    <>
      {focus && (
        <button type="button" className="details-btn" data-testid="inspect-back" onClick={() => focusObject(undefined)}>
          {container ? `← ${container.name}` : '← selected container'}
        </button>
      )}
      {!raw && !focus && (
        <button
          type="button"
          className="details-btn"
          aria-pressed={reveal}
          title="Show environment values that look like secrets"
          onClick={() => setReveal((r) => !r)}
        >
          {reveal ? 'Hide secrets' : 'Show secrets'}
        </button>
      )}
      <button type="button" className="details-btn" aria-pressed={raw} data-testid="inspect-raw-toggle" onClick={() => setRaw((r) => !r)}>
        {raw ? 'Readable' : 'Raw JSON'}
      </button>
    </>
  );

  return (
    <PaneFrame id={id} title={title} meta={name ? <span className="details-name">{name}</span> : undefined} tools={tools}>
      <div className="details" data-testid="inspect-pane" data-subject={focus ? focus.id : (selected ?? '')}>
        {!selected && !focus ? (
          <p className="details-empty">
            Select a container (click its row in the Containers pane) to see its configuration, state and networks.
          </p>
        ) : (
          <>
            {current.error && (
              <p className="details-error" role="alert">
                {current.error}
              </p>
            )}
            <div className="details-scroll">
              {current.data === undefined ? (
                current.loading && (
                  <p className="details-empty">
                    <span className="spinner" aria-hidden="true" /> Reading…
                  </p>
                )
              ) : raw ? (
                <RawJson value={current.data} />
              ) : (
                <Sections sections={sections} />
              )}
            </div>
          </>
        )}
      </div>
    </PaneFrame>
  );
}
