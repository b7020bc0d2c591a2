import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { useDismiss } from '../../components/use-dismiss.ts';
import { useContainers } from '../../stores/containers.ts';
import { openExec } from '../../stores/terminals.ts';
import { splitCommand } from './command.ts';
import './exec-menu.css';

/** "exec into…": the running containers, and an optional command instead of the default shell. */
export function ExecMenu() {
  const [open, setOpen] = useState(false);
  const [command, setCommand] = useState('');
  const { byId, loaded } = useContainers();
  const rootRef = useRef<HTMLDivElement>(null);
  const running = useMemo(
    () => [...byId.values()].filter((c) => c.state === 'running').sort((a, b) => a.name.localeCompare(b.name)),
    [byId],
  );
  const argv = splitCommand(command);

  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, rootRef);

  const start = (c: { id: string; name: string }): void => {
    if (!argv) return;
    openExec(c, argv);
    setOpen(false);
  };
  // Enter in the command field execs into the only running container, if there is just one.
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    if (running.length === 1) start(running[0]!);
  };

  return (
    <div className="exec-menu" ref={rootRef}>
      <button
        type="button"
        className="term-btn"
        data-testid="exec-menu"
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen((o) => !o)}
      >
        exec into…
      </button>
      {open && (
        <div className="exec-pop" role="dialog" aria-label="Open a shell in a container">
          <form onSubmit={onSubmit}>
            <label className="exec-label">
              Command <span className="exec-optional">(optional; default: bash, else sh)</span>
              <input
                className="exec-command"
                data-testid="exec-command"
                placeholder="e.g. sh -c 'ps aux'"
                spellCheck={false}
                autoComplete="off"
                value={command}
                onChange={(e) => setCommand(e.target.value)}
              />
            </label>
            {!argv && <p className="exec-warn">A quote is left open.</p>}
          </form>
          {!loaded ? (
            <p className="exec-empty">Waiting for the container list…</p>
          ) : running.length === 0 ? (
            <p className="exec-empty">No container is running. Start one, then exec into it.</p>
          ) : (
            <ul className="exec-list">
              {running.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className="exec-target"
                    data-testid="exec-target"
                    data-name={c.name}
                    disabled={!argv}
                    onClick={() => start(c)}
                  >
                    <span className="exec-name">{c.name}</span>
                    <span className="exec-image">{c.image}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
