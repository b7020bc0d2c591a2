import { ROLES, type LdapTestResult } from '@phedds/shared';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../api/http.ts';
import { adminApi } from '../auth/api.ts';
import { formFromView, LDAP_PRESETS, updateFromForm, type LdapForm } from './ldap-form.ts';
import './admin.css';

/** LDAP / Active Directory sign-in. The bind password is write-only: it is never shown or sent back. */
export function LdapSettingsForm() {
  const [form, setForm] = useState<LdapForm | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [testUser, setTestUser] = useState('');
  const [test, setTest] = useState<LdapTestResult | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    adminApi
      .ldap()
      .then((v) => setForm(formFromView(v)))
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);

  if (!form) return <p className="admin-empty">{error ?? 'Loading the directory settings…'}</p>;
  const set = <K extends keyof LdapForm>(k: K, v: LdapForm[K]): void => setForm({ ...form, [k]: v });

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      setForm(formFromView(await adminApi.putLdap(updateFromForm(form))));
      setNotice('Saved. Directory users get their role from these groups at their next sign-in.');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const runTest = async (): Promise<void> => {
    setBusy(true);
    setTest(undefined);
    try {
      setTest(await adminApi.testLdap({ settings: updateFromForm(form), ...(testUser.trim() ? { username: testUser.trim() } : {}) }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const text = (
    k: 'url' | 'bindDn' | 'userBase' | 'userAttribute' | 'userFilter' | 'groupBase' | 'groupMemberAttribute',
    label: string,
    hint?: string,
  ) => (
    <Field label={label} hint={hint}>
      <input className="mono" data-testid={`ldap-${k}`} spellCheck={false} value={form[k]} onChange={(e) => set(k, e.target.value)} />
    </Field>
  );

  return (
    <form className="admin-view admin-form ldap-form" data-testid="ldap-form" onSubmit={(e) => void save(e)}>
      <label className="admin-check">
        <input type="checkbox" data-testid="ldap-enabled" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Let
        directory users sign in
      </label>
      <div className="admin-presets">
        Start from:
        <button type="button" className="btn btn-small" onClick={() => setForm({ ...form, ...LDAP_PRESETS.openldap })}>
          OpenLDAP
        </button>
        <button type="button" className="btn btn-small" onClick={() => setForm({ ...form, ...LDAP_PRESETS.ad })}>
          Active Directory
        </button>
      </div>
      <fieldset className="admin-fieldset">
        <legend>Server</legend>
        {text('url', 'URL', 'ldaps://dc1.example.com:636 or ldap://ldap.example.com:389')}
        <label className="admin-check">
          <input type="checkbox" checked={form.startTls} onChange={(e) => set('startTls', e.target.checked)} /> StartTLS (for ldap:// URLs)
        </label>
        <label className="admin-check">
          <input type="checkbox" checked={form.tlsVerify} onChange={(e) => set('tlsVerify', e.target.checked)} /> Verify the server&apos;s
          certificate
        </label>
        {!form.tlsVerify && (
          <p className="admin-warn">Without verification anyone on the network path can read the passwords users type.</p>
        )}
        <Field label="CA certificate (PEM)" hint="Empty: the system's CAs">
          <textarea className="mono" rows={3} spellCheck={false} value={form.caCert} onChange={(e) => set('caCert', e.target.value)} />
        </Field>
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>Service account</legend>
        {text('bindDn', 'Bind DN', 'cn=phedds,ou=services,dc=example,dc=com')}
        <Field label="Bind password" hint={form.bindPasswordSet ? 'A password is stored. Leave empty to keep it.' : 'None stored.'}>
          <input
            type="password"
            data-testid="ldap-bindPassword"
            autoComplete="new-password"
            placeholder={form.bindPasswordSet ? '•••••••• (stored)' : ''}
            value={form.bindPassword}
            disabled={form.removePassword}
            onChange={(e) => set('bindPassword', e.target.value)}
          />
        </Field>
        {form.bindPasswordSet && (
          <label className="admin-check">
            <input type="checkbox" checked={form.removePassword} onChange={(e) => set('removePassword', e.target.checked)} /> Remove the
            stored password
          </label>
        )}
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>Users</legend>
        {text('userBase', 'User base DN', 'ou=people,dc=example,dc=com')}
        {text('userAttribute', 'Sign-in name attribute', 'uid (OpenLDAP) or sAMAccountName (Active Directory)')}
        {text('userFilter', 'Extra user filter', '(objectClass=person); empty for none')}
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>Groups → roles</legend>
        {text('groupBase', 'Group base DN', "Empty: read the user's memberOf only")}
        {text('groupMemberAttribute', 'Member attribute', 'member, uniqueMember (DNs) or memberUid (names)')}
        {ROLES.slice()
          .reverse()
          .map((r) => (
            <Field key={r} label={`${r} groups`} hint="One per line: a group DN, or just its cn">
              <textarea
                className="mono"
                rows={2}
                data-testid={`ldap-groups-${r}`}
                spellCheck={false}
                value={form.groups[r]}
                onChange={(e) => set('groups', { ...form.groups, [r]: e.target.value })}
              />
            </Field>
          ))}
      </fieldset>
      {error && (
        <p className="admin-error" role="alert">
          {error}
        </p>
      )}
      {notice && <p className="admin-notice">{notice}</p>}
      <div className="admin-buttons">
        <input
          className="mono"
          aria-label="User to look up"
          placeholder="user to look up"
          value={testUser}
          onChange={(e) => setTestUser(e.target.value)}
        />
        <button type="button" className="btn" data-testid="ldap-test" disabled={busy} onClick={() => void runTest()}>
          Test
        </button>
        <button type="submit" className="btn btn-primary" data-testid="ldap-save" disabled={busy}>
          Save
        </button>
      </div>
      {test && (
        <ol className="ldap-steps" data-testid="ldap-test-result">
          {test.steps.map((s, i) => (
            <li key={i} data-ok={s.ok}>
              <strong>{s.step}</strong>: {s.message}
            </li>
          ))}
          {test.user && <li data-ok={test.user.role !== null}>groups: {test.user.groups.join('; ') || 'none'}</li>}
        </ol>
      )}
    </form>
  );
}

function Field({ label, hint, children }: { label: string; hint?: string | undefined; children: ReactNode }) {
  return (
    <label className="auth-field">
      {label}
      {children}
      {hint && <span className="admin-hint">{hint}</span>}
    </label>
  );
}
