import { useRef } from 'react';
import type { TerminalTab } from '../../stores/terminals.ts';
import { useTerminalSession } from './use-terminal-session.ts';

interface TerminalViewProps {
  tab: TerminalTab;
  active: boolean;
}

/** One tab's body. Hidden tabs stay mounted, so their sessions keep running and drawing. */
export function TerminalView({ tab, active }: TerminalViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  useTerminalSession(hostRef, tab.key, tab.sessionId, active);
  const starting = tab.status === 'creating';
  const refused = tab.status === 'failed' && tab.sessionId === undefined;
  return (
    <div className="term-view" hidden={!active}>
      {starting && (
        <p className="term-note" role="status">
          <span className="spinner" aria-hidden="true" /> Starting{' '}
          {tab.kind === 'host' ? 'a shell on the console’s host' : `a shell in ${tab.title}`}…
        </p>
      )}
      {refused && (
        <div className="term-error" role="alert" data-testid="terminal-error">
          <p className="term-error-title">Could not open this terminal</p>
          <p>{tab.message ?? 'The server refused without saying why.'}</p>
          <p className="term-error-hint">Close this tab with × and try again once the cause is fixed.</p>
        </div>
      )}
      <div
        ref={hostRef}
        className="term-host"
        hidden={starting || refused}
        data-testid={active ? 'terminal' : undefined}
        data-session-id={tab.sessionId}
        data-status={tab.status}
      />
    </div>
  );
}
