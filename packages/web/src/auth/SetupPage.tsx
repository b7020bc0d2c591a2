import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/http.ts';
import { completeSetup } from '../stores/auth.ts';
import { AuthCard } from './AuthCard.tsx';
import { newPasswordProblem, tokenFromHash, usernameProblem } from './forms.ts';
import './auth.css';

/**
 * First run: the console has no account yet. Whoever can read the server's console output has the
 * setup token (in the printed link's fragment, or pasted here) and creates the first admin.
 */
export function SetupPage() {
  const [token, setToken] = useState(() => tokenFromHash(window.location.hash));
  const [username, setUsername] = useState('admin');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    const problem =
      (token.trim() ? undefined : 'Paste the setup token.') ?? usernameProblem(username) ?? newPasswordProblem(password, confirm, username);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await completeSetup(token.trim(), username, password, displayName.trim() || undefined);
      // The token is spent: take it out of the address bar and the history.
      window.history.replaceState(null, '', window.location.pathname === '/setup' ? '/' : window.location.pathname);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Set up this console" testId="setup-page">
      <p className="auth-note">
        Create the first admin account. The setup token was printed on the console output of the Phedds server when it started; it works
        once.
      </p>
      <form className="auth-form" onSubmit={(e) => void submit(e)}>
        <label className="auth-field">
          Setup token
          <input
            data-testid="setup-token"
            autoComplete="off"
            spellCheck={false}
            className="mono"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <label className="auth-field">
          Admin username
          <input data-testid="setup-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="auth-field">
          Display name <span className="auth-optional">(optional)</span>
          <input data-testid="setup-display-name" maxLength={128} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label className="auth-field">
          Password
          <input
            data-testid="setup-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label className="auth-field">
          Password again
          <input
            data-testid="setup-confirm"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
        </label>
        {error && (
          <p className="auth-error" role="alert" data-testid="setup-error">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" data-testid="setup-submit" disabled={busy}>
          {busy ? <span className="spinner" aria-label="Creating the admin" /> : 'Create admin and sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
