import { shortId } from '@phedds/shared';
import '../../components/details.css';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { useContainers } from '../../stores/containers.ts';
import { TOP_REFRESH_MS, topStore } from '../../stores/details.ts';
import { useSelection } from '../../stores/selection.ts';
import type { PaneProps } from '../types.ts';
import './processes-pane.css';

/** Columns that hold numbers: right-aligned so they line up. */
const NUMERIC = new Set(['PID', 'PPID', 'C', '%CPU', '%MEM', 'VSZ', 'RSS']);

/**
 * `docker top` of the selected container, read again every few seconds while the pane is on
 * screen and the page visible (a closed pane or a hidden tab asks the engine nothing).
 */
export function ProcessesPane({ id, title }: PaneProps) {
  const selected = useSelection();
  const { byId } = useContainers();
  const container = selected ? byId.get(selected) : undefined;
  const running = container?.state === 'running' || container?.state === 'paused';
  // Asked only while it runs: a stopped container has no processes (the pane says so).
  const top = topStore.useData(selected && running ? selected : undefined);
  const name = container?.name ?? (selected ? shortId(selected) : undefined);
  const data = top.data?.id === selected ? top.data : undefined;
  const cmdCol = data ? data.titles.findIndex((t) => t === 'CMD' || t === 'COMMAND') : -1;

  return (
    <PaneFrame
      id={id}
      title={title}
      meta={
        name ? (
          <>
            <span className="details-name">{name}</span>
            {data && running ? ` · ${data.processes.length} ${data.processes.length === 1 ? 'process' : 'processes'}` : ''}
          </>
        ) : undefined
      }
      tools={
        selected && running ? (
          <button
            type="button"
            className="details-btn"
            onClick={() => topStore.refresh(selected)}
            title={`Read again now (it refreshes every ${TOP_REFRESH_MS / 1000} s)`}
          >
            Refresh
          </button>
        ) : undefined
      }
    >
      <div className="details" data-testid="processes-pane" data-subject={selected ?? ''}>
        {!selected ? (
          <p className="details-empty">Select a container (click its row in the Containers pane) to see the processes running in it.</p>
        ) : !running ? (
          <p className="details-empty">
            {name} is {container?.state ?? 'gone'}: it has no processes. Start it to see them here.
          </p>
        ) : (
          <>
            {top.error && (
              <p className="details-error" role="alert">
                {top.error}
              </p>
            )}
            <div className="details-scroll procs-scroll">
              {data ? (
                <table className="procs" data-testid="processes-table">
                  <thead>
                    <tr>
                      {data.titles.map((t, i) => (
                        <th key={i} className={NUMERIC.has(t) ? 'num' : i === cmdCol ? 'cmd' : undefined} scope="col">
                          {t}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.processes.map((row, r) => (
                      <tr key={r}>
                        {row.map((cell, i) => (
                          <td
                            key={i}
                            className={NUMERIC.has(data.titles[i] ?? '') ? 'num' : i === cmdCol ? 'cmd' : undefined}
                            title={i === cmdCol ? cell : undefined}
                          >
                            {cell}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                top.loading && (
                  <p className="details-empty">
                    <span className="spinner" aria-hidden="true" /> Reading…
                  </p>
                )
              )}
            </div>
            <p className="details-note">
              Refreshed every {TOP_REFRESH_MS / 1000} s while shown{data ? `; last at ${new Date(data.at).toLocaleTimeString()}` : ''}.
            </p>
          </>
        )}
      </div>
    </PaneFrame>
  );
}
