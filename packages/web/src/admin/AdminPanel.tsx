import type { MeView } from '@phedds/shared';
import { useState } from 'react';
import { errorMessage } from '../api/http.ts';
import { adminApi } from '../auth/api.ts';
import { AuditView } from './AuditView.tsx';
import { LdapSettingsForm } from './LdapSettingsForm.tsx';
import { SharesView } from './SharesView.tsx';
import { TokensView } from './TokensView.tsx';
import { UsersView } from './UsersView.tsx';
import './admin.css';

export type AdminTab = 'users' | 'tokens' | 'shares' | 'ldap' | 'audit';

const TABS: { id: AdminTab; label: string; adminOnly: boolean }[] = [
  { id: 'users', label: 'Users', adminOnly: true },
  { id: 'tokens', label: 'API tokens', adminOnly: false },
  { id: 'shares', label: 'Share links', adminOnly: true },
  { id: 'ldap', label: 'Directory (LDAP)', adminOnly: true },
  { id: 'audit', label: 'Audit log', adminOnly: true },
];

interface AdminPanelProps {
  me: MeView;
  initial?: AdminTab;
  onClose?: () => void;
}

/** Administration in one place: tabs for users, tokens, directory settings and the audit log. Non-admins see their tokens only. */
export function AdminPanel({ me, initial, onClose }: AdminPanelProps) {
  const tabs = TABS.filter((t) => !t.adminOnly || me.role === 'admin');
  const [tab, setTab] = useState<AdminTab>(tabs.some((t) => t.id === initial) ? initial! : tabs[0]!.id);
  return (
    <section className="admin-panel" data-testid="admin-panel" aria-label="Administration">
      <header className="admin-head">
        <nav className="admin-tabs" role="tablist">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={t.id === tab}
              className="admin-tab"
              data-testid={`admin-tab-${t.id}`}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </nav>
        {me.role === 'admin' && <BackupButton />}
        {onClose && (
          <button type="button" className="btn btn-small" onClick={onClose}>
            Close
          </button>
        )}
      </header>
      <div className="admin-body" role="tabpanel">
        {tab === 'users' && <UsersView selfId={me.user.id} />}
        {tab === 'tokens' && <TokensView me={me} />}
        {tab === 'shares' && <SharesView />}
        {tab === 'ldap' && <LdapSettingsForm />}
        {tab === 'audit' && <AuditView />}
      </div>
    </section>
  );
}

/** Writes a consistent copy of the database into the data folder's backups/ and says where. */
function BackupButton() {
  const [state, setState] = useState<{ busy?: boolean; text?: string; error?: boolean }>({});
  const run = async (): Promise<void> => {
    setState({ busy: true });
    try {
      const { file } = await adminApi.backup();
      setState({ text: `Backed up to ${file}` });
    } catch (err) {
      setState({ text: errorMessage(err), error: true });
    }
  };
  return (
    <div className="admin-backup">
      {state.text && (
        <span className={state.error ? 'admin-error' : 'admin-notice'} role="status">
          {state.text}
        </span>
      )}
      <button type="button" className="btn btn-small" data-testid="admin-backup" disabled={state.busy} onClick={() => void run()}>
        Back up
      </button>
    </div>
  );
}
