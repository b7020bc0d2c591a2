import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MeView } from '@phedds/shared';
import { ApiRequestError } from '../api/http.ts';

const authApi = vi.hoisted(() => ({ me: vi.fn(), setupState: vi.fn() }));
vi.mock('../auth/api.ts', () => ({ authApi }));

const { authStore, liveClosed, refreshAuth } = await import('./auth.ts');

const me = { user: { username: 'ada' }, role: 'admin', via: 'session' } as unknown as MeView;
const denied = (status: number) => new ApiRequestError(status, { error: 'x', message: `answered ${status}` });

beforeEach(() => {
  authApi.me.mockReset();
  authApi.setupState.mockReset();
});

describe('refreshAuth before sign-in', () => {
  beforeEach(() => authStore.set({ status: 'checking' }));

  it('signs in with the answer', async () => {
    authApi.me.mockResolvedValue(me);
    expect(await refreshAuth()).toEqual({ status: 'signed-in', me });
    expect(authStore.get()).toEqual({ status: 'signed-in', me });
  });

  it('asks for the first admin, or a sign-in, on 401', async () => {
    authApi.me.mockRejectedValue(denied(401));
    authApi.setupState.mockResolvedValueOnce({ needed: true }).mockResolvedValueOnce({ needed: false });
    expect(await refreshAuth()).toEqual({ status: 'setup' });
    authStore.set({ status: 'checking' });
    expect(await refreshAuth()).toEqual({ status: 'signed-out' });
  });

  it('shows an unreachable server as an error', async () => {
    authApi.me.mockRejectedValue(denied(0));
    expect(await refreshAuth()).toEqual({ status: 'error', message: 'answered 0' });
  });
});

describe('refreshAuth while signed in', () => {
  beforeEach(() => authStore.set({ status: 'signed-in', me }));

  it('ends the session on 401', async () => {
    authApi.me.mockRejectedValue(denied(401));
    expect(await refreshAuth()).toEqual({ status: 'signed-out', reason: 'Your session ended. Sign in again.' });
    expect(authApi.setupState).not.toHaveBeenCalled();
  });

  it('leaves the page as it is on any other failure, and on success', async () => {
    const before = authStore.get();
    authApi.me.mockRejectedValueOnce(denied(0)).mockResolvedValueOnce({ ...me });
    await refreshAuth();
    await refreshAuth();
    expect(authStore.get()).toBe(before);
  });

  it('shares one request between overlapping checks', async () => {
    authApi.me.mockResolvedValue(me);
    await Promise.all([refreshAuth(), refreshAuth(), refreshAuth()]);
    expect(authApi.me).toHaveBeenCalledTimes(1);
    await refreshAuth();
    expect(authApi.me).toHaveBeenCalledTimes(2);
  });
});

describe('liveClosed', () => {
  it('ends a session at once on 4401 and 4403', () => {
    for (const code of [4401, 4403]) {
      authStore.set({ status: 'signed-in', me });
      liveClosed(code);
      expect(authStore.get().status).toBe('signed-out');
    }
    expect(authApi.me).not.toHaveBeenCalled();
  });

  it('re-checks the session on any other close', async () => {
    authStore.set({ status: 'signed-in', me });
    authApi.me.mockRejectedValue(denied(401));
    liveClosed(1006);
    expect(authApi.me).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(authStore.get().status).toBe('signed-out'));
  });

  it('asks nothing before sign-in', () => {
    authStore.set({ status: 'signed-out', reason: 'Your session ended. Sign in again.' });
    liveClosed(1006);
    expect(authApi.me).not.toHaveBeenCalled();
    expect(authStore.get()).toEqual({ status: 'signed-out', reason: 'Your session ended. Sign in again.' });
  });
});
