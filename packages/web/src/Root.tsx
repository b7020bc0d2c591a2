import { useEffect } from 'react';
import { onUnauthorized } from './api/http.ts';
import { onLiveClosed, reconnectLive } from './api/socket.ts';
import { App } from './App.tsx';
import { AudienceView } from './audience/AudienceView.tsx';
import { LoginPage } from './auth/LoginPage.tsx';
import { SetupPage } from './auth/SetupPage.tsx';
import { authStore, liveClosed, redeemShare, refreshAuth, sessionEnded, useAuth } from './stores/auth.ts';

onUnauthorized(() => sessionEnded());
onLiveClosed(liveClosed);
authStore.subscribe(() => {
  const s = authStore.get();
  if (s.status !== 'signed-in') return;
  // The setup link's token rides in the fragment: drop it from the address bar once used.
  if (window.location.pathname === '/setup' || window.location.hash.includes('token=')) window.history.replaceState(null, '', '/');
  // A share link's token too; the audience page keeps its address for a reload.
  if (window.location.hash.includes('share=')) window.history.replaceState(null, '', window.location.pathname);
  reconnectLive();
});

/** The page: nothing but the sign-in (or first-run) page until a session exists. */
export function Root() {
  const auth = useAuth();
  useEffect(() => {
    const share = /(?:^#|&)share=([^&]+)/.exec(window.location.hash)?.[1];
    if (share) {
      // A share link: it becomes this browser's read-only audience view, whoever else is signed in.
      redeemShare(decodeURIComponent(share)).catch((err: unknown) =>
        authStore.set({ status: 'signed-out', reason: err instanceof Error ? err.message : String(err) }),
      );
    } else void refreshAuth();
  }, []);
  switch (auth.status) {
    case 'checking':
      return <div className="auth-splash" aria-busy="true" />;
    case 'setup':
      return <SetupPage />;
    case 'signed-out':
      return <LoginPage {...(auth.reason ? { reason: auth.reason } : {})} />;
    case 'error':
      return (
        <div className="auth-splash" role="alert">
          <p>The console cannot be reached: {auth.message}</p>
          <button type="button" onClick={() => void refreshAuth()}>
            Try again
          </button>
        </div>
      );
    case 'signed-in':
      return auth.me.audience ? <AudienceView me={auth.me} /> : <App me={auth.me} />;
  }
}
