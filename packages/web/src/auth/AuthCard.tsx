import type { ReactNode } from 'react';

interface AuthCardProps {
  title: string;
  testId: string;
  children: ReactNode;
}

/** The centred card the sign-in and first-run pages share, with the brand above it. */
export function AuthCard({ title, testId, children }: AuthCardProps) {
  return (
    <main className="auth-page" data-testid={testId}>
      <section className="auth-card" aria-labelledby={`${testId}-title`}>
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            <i />
            <i />
            <i />
            <i />
          </span>
          <span className="brand-name">Phedds</span>
        </div>
        <h1 id={`${testId}-title`} className="auth-title">
          {title}
        </h1>
        {children}
      </section>
    </main>
  );
}
