'use client';

/**
 * Wraps a protected page.
 *
 * 1. Renders a neutral "checking your session" state on the server and on the first client
 *    render: the protected children are never in the HTML and never mounted before the
 *    backend has said who the user is.
 * 2. Calls /auth-check/ through `apiFetch`, so an expired access token is refreshed silently.
 * 3. When the session is over, `apiFetch` sends the browser to /login?next=<this page>.
 * 4. When the backend cannot be reached (or the refresh hit a 5xx), shows a retryable error
 *    instead of logging the user out.
 * 5. Provides the user to the page through `useAuth()`, and unmounts the page the moment the
 *    auth state is cleared (logout, or a failed refresh during a later action).
 */

import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';

import { ApiError, AuthRequiredError, authCheck, logout as apiLogout, setNavigator } from '@/lib/api';
import { authStore, type AuthSnapshot, type User } from '@/lib/auth-store';

export interface AuthContextValue {
  user: User;
  /** When this page last renewed its access token (epoch ms), and how often. */
  lastRefreshAt: number | null;
  refreshCount: number;
  lastCheckedAt: number | null;
  /** Asks /auth-check/ again. */
  recheck: () => Promise<void>;
  /** Logs out on the server, clears local state and goes to /login. */
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** The signed-in user and session helpers; only inside <ProtectedRoute>. */
export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth() must be used inside <ProtectedRoute>');
  return value;
}

/** The raw auth snapshot (usable anywhere, e.g. in a header). */
export function useAuthSnapshot(): AuthSnapshot {
  return useSyncExternalStore(authStore.subscribe, authStore.get, authStore.getServer);
}

type Phase = { kind: 'checking' } | { kind: 'ready' } | { kind: 'redirecting' } | { kind: 'error'; error: ApiError };

export default function ProtectedRoute({ children }: { children: ReactNode }) {
  const router = useRouter();
  const snapshot = useAuthSnapshot();
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });

  useEffect(() => {
    setNavigator((url) => router.replace(url));
    return () => setNavigator(null);
  }, [router]);

  const check = useCallback(async () => {
    setPhase({ kind: 'checking' });
    try {
      await authCheck();
      setPhase({ kind: 'ready' });
    } catch (e) {
      if (e instanceof AuthRequiredError) setPhase({ kind: 'redirecting' });
      else if (e instanceof ApiError) setPhase({ kind: 'error', error: e });
      else setPhase({ kind: 'error', error: new ApiError(0, null, String(e)) });
    }
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  const logout = useCallback(async () => {
    await apiLogout();
    router.replace('/login');
  }, [router]);

  const user = snapshot.user;
  const value = useMemo<AuthContextValue | null>(
    () =>
      user
        ? {
            user,
            lastRefreshAt: snapshot.lastRefreshAt,
            refreshCount: snapshot.refreshCount,
            lastCheckedAt: snapshot.lastCheckedAt,
            recheck: check,
            logout,
          }
        : null,
    [user, snapshot.lastRefreshAt, snapshot.refreshCount, snapshot.lastCheckedAt, check, logout],
  );

  if (phase.kind === 'error') {
    return (
      <div className="panel notice" role="alert" data-testid="auth-error">
        <p>
          <strong>We couldn&apos;t confirm your session.</strong> {phase.error.message}
        </p>
        <p className="muted">You are still signed in as far as we know; nothing was lost.</p>
        <button type="button" onClick={() => void check()} data-testid="auth-retry">
          Try again
        </button>
      </div>
    );
  }

  if (phase.kind === 'ready' && value) {
    return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
  }

  // checking, redirecting, or the state was cleared under us: show nothing protected.
  return (
    <div className="panel loading" role="status" aria-live="polite" aria-busy="true" data-testid="auth-loading">
      <span className="spinner" aria-hidden="true" />
      {phase.kind === 'redirecting' || snapshot.status === 'anonymous'
        ? 'Your session has ended. Taking you to the sign-in page…'
        : 'Checking your session…'}
    </div>
  );
}
