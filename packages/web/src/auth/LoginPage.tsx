import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/http.ts';
import { signIn } from '../stores/auth.ts';
import { AuthCard } from './AuthCard.tsx';
import './auth.css';

interface LoginPageProps {
  /** Why the page is shown again (the session ended), if known. */
  reason?: string | undefined;
}

/** Sign-in with a local or directory account. */
export function LoginPage({ reason }: LoginPageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      setError(errorMessage(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in" testId="login-page">
      {reason && !error && <p className="auth-note">{reason}</p>}
      <form className="auth-form" onSubmit={(e) => void submit(e)}>
        <label className="auth-field">
          Username
          <input
            data-testid="login-username"
            autoComplete="username"
            autoFocus
            required
            maxLength={256}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="auth-field">
          Password
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={1024}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="auth-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" data-testid="login-submit" disabled={busy}>
          {busy ? <span className="spinner" aria-label="Signing in" /> : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
