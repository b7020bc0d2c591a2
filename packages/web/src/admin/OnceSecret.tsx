import type { ReactNode } from 'react';

interface OnceSecretProps {
  /** What was created, in words (the secret is shown once, under it). */
  children: ReactNode;
  secret: string;
  testId: string;
  valueTestId: string;
  onDone: () => void;
}

/** A secret the server shows once (a token, a share link): the value, Copy and Done. */
export function OnceSecret({ children, secret, testId, valueTestId, onDone }: OnceSecretProps) {
  return (
    <div className="admin-callout" role="status" data-testid={testId}>
      <p>{children}</p>
      <div className="token-secret">
        <code data-testid={valueTestId}>{secret}</code>
        <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(secret)}>
          Copy
        </button>
        <button type="button" className="btn btn-small" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
