import { closeTab, selectTab, type TabStatus, type TerminalTab } from '../../stores/terminals.ts';

interface TabBarProps {
  tabs: readonly TerminalTab[];
  activeKey: string | undefined;
}

const STATUS_LABEL: Partial<Record<TabStatus, string>> = {
  creating: 'starting…',
  connecting: 'connecting…',
  reconnecting: 'reconnecting…',
  exited: 'exited',
  ended: 'ended',
  failed: 'failed',
};

export function TabBar({ tabs, activeKey }: TabBarProps) {
  return (
    <div className="term-tabs" role="tablist" aria-label="Terminals">
      {tabs.map((t) => {
        const active = t.key === activeKey;
        const label = STATUS_LABEL[t.status];
        return (
          <div
            key={t.key}
            className={`term-tab${active ? ' is-active' : ''}`}
            data-testid="terminal-tab"
            data-kind={t.kind}
            data-title={t.title}
            data-status={t.status}
            data-session-id={t.sessionId}
          >
            <button
              type="button"
              role="tab"
              aria-selected={active}
              className="term-tab-main"
              title={t.message ? `${t.title} — ${t.message}` : t.title}
              onClick={() => selectTab(t.key)}
            >
              <span className={`term-tab-dot is-${t.status}`} aria-hidden="true" />
              <span className="term-tab-title">{t.title}</span>
              {label && <span className="term-tab-status">{label}</span>}
            </button>
            <button
              type="button"
              className="term-tab-close"
              data-testid="terminal-close"
              aria-label={`Close ${t.title}`}
              title="Close the tab and end its session"
              onClick={() => void closeTab(t.key)}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
