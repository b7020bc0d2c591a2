import { useDeferredValue, useMemo, useState } from 'react';
import { shortId, type EngineEventView } from '@phedds/shared';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { VirtualList } from '../../components/VirtualList.tsx';
import { useNow } from '../../stores/clock.ts';
import { useContainers } from '../../stores/containers.ts';
import { focusObject } from '../../stores/details.ts';
import { useEvents } from '../../stores/events.ts';
import { usePresenter } from '../../stores/layouts.ts';
import { selectContainer } from '../../stores/selection.ts';
import { clockTime } from '../LogsPane/model.ts';
import type { PaneProps } from '../types.ts';
import { actionTone, EVENT_TYPES, eventDetails, filterEvents, isHousekeeping, typeChip, type EventTypeChip } from './model.ts';
import './events-pane.css';

const ROW_HEIGHT = 32;

interface RowProps {
  e: EngineEventView;
  /** The page's one-second clock: events newer than `freshMs` flash. */
  now: number;
  freshMs: number;
  nameOfContainer: (id: string) => string | undefined;
  exists: (id: string) => boolean;
}

/** What the event is about, as a link when the page can show it: select a container, inspect a network or volume. */
function ObjectLink({ e, exists }: Pick<RowProps, 'e' | 'exists'>) {
  const label = e.name ?? (e.id.startsWith('sha256:') ? e.id.slice(7, 19) : shortId(e.id));
  if (e.type === 'container' && exists(e.id)) {
    return (
      <button type="button" className="ev-obj is-link" title={`Select ${label}`} onClick={() => selectContainer(e.id)}>
        {label}
      </button>
    );
  }
  if ((e.type === 'network' || e.type === 'volume') && e.verb !== 'destroy' && e.verb !== 'remove') {
    return (
      <button
        type="button"
        className="ev-obj is-link"
        title={`Inspect ${e.type} ${label}`}
        onClick={() => focusObject({ kind: e.type as 'network' | 'volume', id: e.id, name: label })}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="ev-obj" title={e.id}>
      {label}
    </span>
  );
}

/** How long a new event stands out: a moment, or long enough for an audience to find it. */
const FRESH_MS = 1500;
const FRESH_PRESENTER_MS = 6000;

function EventRow({ e, now, freshMs, nameOfContainer, exists }: RowProps) {
  const fresh = now - e.time < freshMs;
  return (
    <div
      className={`ev-row${fresh ? ' is-new' : ''}${isHousekeeping(e) ? ' is-health' : ''}`}
      data-testid="event-row"
      data-type={e.type}
      data-action={e.action}
      data-name={e.name ?? ''}
    >
      <span className="ev-time">{clockTime(e.time)}</span>
      <span className={`ev-type ev-type-${typeChip(e.type)}`}>{e.type}</span>
      <span className={`ev-action tone-${actionTone(e)}`}>
        {e.verb === 'health_status' ? e.action.replace('health_status: ', 'health: ') : e.verb}
      </span>
      <ObjectLink e={e} exists={exists} />
      <span className="ev-details">{eventDetails(e, nameOfContainer)}</span>
    </div>
  );
}

export function EventsPane({ id, title }: PaneProps) {
  const { items, loaded } = useEvents();
  const { byId } = useContainers();
  const now = useNow();
  const presenter = usePresenter();
  const [types, setTypes] = useState<ReadonlySet<EventTypeChip>>(() => new Set(EVENT_TYPES));
  const [text, setText] = useState('');
  const [housekeeping, setHousekeeping] = useState(false);
  const deferredText = useDeferredValue(text);
  const shown = useMemo(() => filterEvents(items, { types, text: deferredText, housekeeping }), [items, types, deferredText, housekeeping]);
  const hidden = useMemo(() => (housekeeping ? 0 : items.filter(isHousekeeping).length), [items, housekeeping]);

  // A container already removed is still named by its earlier events.
  const seenNames = useMemo(
    () => new Map(items.flatMap((e) => (e.type === 'container' && e.name ? [[e.id, e.name] as const] : []))),
    [items],
  );
  const nameOfContainer = (cid: string): string | undefined => byId.get(cid)?.name ?? seenNames.get(cid);
  const exists = (cid: string): boolean => byId.has(cid);
  const toggle = (t: EventTypeChip): void =>
    setTypes((prev) => {
      const next = new Set(prev);
      if (!next.delete(t)) next.add(t);
      return next;
    });

  const tools = (
    <input
      type="search"
      className="ev-search"
      placeholder="Filter: action, name, id…"
      aria-label="Filter events"
      data-testid="events-filter"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setText('');
      }}
    />
  );

  return (
    <PaneFrame id={id} title={title} meta={loaded ? `${shown.length} of ${items.length}` : undefined} tools={tools}>
      <div className="events" data-testid="events-pane">
        <div className="ev-chips" role="group" aria-label="Event types shown">
          {EVENT_TYPES.map((t) => (
            <button
              key={t}
              type="button"
              className={`ev-chip ev-type-${t}`}
              aria-pressed={types.has(t)}
              data-testid="events-type"
              data-type={t}
              onClick={() => toggle(t)}
            >
              {t}
            </button>
          ))}
          <label
            className="ev-health"
            title="Each HEALTHCHECK runs as an exec (three events per check), and each docker top (the Processes pane reads it every few seconds) is an event"
          >
            <input type="checkbox" checked={housekeeping} onChange={(e) => setHousekeeping(e.target.checked)} />
            health checks &amp; top{hidden > 0 ? ` (${hidden} hidden)` : ''}
          </label>
        </div>
        {!loaded ? (
          <p className="ev-empty">
            <span className="spinner" aria-hidden="true" /> Waiting for the engine’s events…
          </p>
        ) : shown.length === 0 ? (
          <p className="ev-empty">
            {items.length === 0
              ? 'No event yet. Run something — docker run, docker network create — and it shows up here as it happens.'
              : 'No event matches these filters.'}
          </p>
        ) : (
          <VirtualList
            count={shown.length}
            rowHeight={ROW_HEIGHT}
            renderRow={(i) => (
              <EventRow
                e={shown[i]!}
                now={now}
                freshMs={presenter ? FRESH_PRESENTER_MS : FRESH_MS}
                nameOfContainer={nameOfContainer}
                exists={exists}
              />
            )}
            rowKey={(i) => shown[i]!.seq}
            label="Engine events, newest first"
            testId="events-list"
          />
        )}
      </div>
    </PaneFrame>
  );
}
