import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/http.ts';
import { changeOwnPassword } from '../stores/auth.ts';
import { newPasswordProblem } from './forms.ts';

interface ChangePasswordDialogProps {
  username: string;
  onClose: () => void;
}

/** Changes one's own password. Every other session of the account ends; this page stays signed in. */
export function ChangePasswordDialog({ username, onClose }: ChangePasswordDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problem = newPasswordProblem(next, confirm, username);
    if (problem) return setError(problem);
    setBusy(true);
    setError(undefined);
    try {
      await changeOwnPassword(current, next);
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="confirm auth-dialog"
      aria-labelledby="pw-title"
      data-testid="password-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h3 id="pw-title" className="confirm-title">
        Change your password
      </h3>
      {done ? (
        <>
          <p className="confirm-body" data-testid="password-done">
            Your password is changed. Every other browser and device signed in as {username} has been signed out.
          </p>
          <div className="confirm-buttons">
            <button type="button" className="btn" autoFocus onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : (
        <form className="auth-form" onSubmit={(e) => void submit(e)}>
          <label className="auth-field">
            Current password
            <input
              type="password"
              autoComplete="current-password"
              data-testid="password-current"
              autoFocus
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </label>
          <label className="auth-field">
            New password
            <input
              type="password"
              autoComplete="new-password"
              data-testid="password-new"
              value={next}
              onChange={(e) => setNext(e.target.value)}
            />
          </label>
          <label className="auth-field">
            New password again
            <input
              type="password"
              autoComplete="new-password"
              data-testid="password-confirm"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
          </label>
          {error && (
            <p className="auth-error" role="alert">
              {error}
            </p>
          )}
          <div className="confirm-buttons">
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" data-testid="password-submit" disabled={busy}>
              Change password
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
