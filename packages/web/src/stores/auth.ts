import { can, type Capability, type MeView } from '@phedds/shared';
import { ApiRequestError } from '../api/http.ts';
import { authApi } from '../auth/api.ts';
import { createStore, useStore } from './store.ts';

/**
 * Who is signed in. `checking` until the first answer; `setup` while the console has no account
 * yet (the first-run page); `signed-out` when a sign-in is needed; `signed-in` with `me`.
 */
export type AuthState =
  | { status: 'checking' }
  | { status: 'setup' }
  | { status: 'signed-out'; reason?: string }
  | { status: 'signed-in'; me: MeView }
  | { status: 'error'; message: string };

export const authStore = createStore<AuthState>({ status: 'checking' });

let rechecking: Promise<AuthState> | undefined;

/**
 * Asks the server who we are (and whether the console still needs its first admin). While signed
 * in it only re-checks the session: an ended one shows the sign-in page; anything else (the
 * network gone, the server restarting) leaves the page as it is, and overlapping asks share one.
 */
export function refreshAuth(): Promise<AuthState> {
  if (authStore.get().status !== 'signed-in') return firstCheck();
  rechecking ??= authApi
    .me()
    .then(
      () => undefined,
      (err: unknown) => {
        if (err instanceof ApiRequestError && err.status === 401) sessionEnded();
      },
    )
    .then(() => authStore.get())
    .finally(() => (rechecking = undefined));
  return rechecking;
}

async function firstCheck(): Promise<AuthState> {
  let next: AuthState;
  try {
    next = { status: 'signed-in', me: await authApi.me() };
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 401) {
      try {
        next = (await authApi.setupState()).needed ? { status: 'setup' } : { status: 'signed-out' };
      } catch (e) {
        next = { status: 'error', message: e instanceof Error ? e.message : String(e) };
      }
    } else next = { status: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  authStore.set(next);
  return next;
}

/**
 * The live socket closed. The console closes it with 4401 or 4403 when the session ends or the
 * account may no longer use it: the page shows sign-in at once. Any other close while signed in
 * re-checks the session; before sign-in the socket's closes mean nothing.
 */
export function liveClosed(code: number): void {
  if (code === 4401 || code === 4403) sessionEnded();
  else if (authStore.get().status === 'signed-in') void refreshAuth();
}

export async function signIn(username: string, password: string): Promise<void> {
  const { me } = await authApi.login(username, password);
  authStore.set({ status: 'signed-in', me });
}

/** Opens an audience share link: the page becomes a read-only live view. */
export async function redeemShare(token: string): Promise<void> {
  const me = await authApi.redeemShare(token);
  authStore.set({ status: 'signed-in', me });
}

export async function completeSetup(token: string, username: string, password: string, displayName?: string): Promise<void> {
  const { me } = await authApi.setup(token, username, password, displayName);
  authStore.set({ status: 'signed-in', me });
}

export async function signOut(): Promise<void> {
  try {
    await authApi.logout();
  } finally {
    authStore.set({ status: 'signed-out' });
  }
}

/** Changes one's own password; the server ends every other session and hands this page a new one. */
export async function changeOwnPassword(current: string, next: string): Promise<void> {
  const { me } = await authApi.changePassword(current, next);
  authStore.set({ status: 'signed-in', me });
}

/**
 * Called by the API layer when any request answers 401 while signed in: the session ended
 * (timeout, sign-out elsewhere, password changed, account disabled). The page shows sign-in.
 */
export function sessionEnded(reason = 'Your session ended. Sign in again.'): void {
  if (authStore.get().status === 'signed-in') authStore.set({ status: 'signed-out', reason });
}

export function useAuth(): AuthState {
  return useStore(authStore);
}

/** Whether the signed-in role may do something; the UI hides what it may not (the server enforces it). */
export function useCan(capability: Capability): boolean {
  const s = useAuth();
  return s.status === 'signed-in' && can(s.me.role, capability);
}
