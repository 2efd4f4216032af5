'use client';

import { useCallback, useEffect, useState } from 'react';

import { useAuth } from '@/components/ProtectedRoute';
import SessionPanel from '@/components/SessionPanel';
import { ApiError, AuthRequiredError, apiFetch, getMe, type User } from '@/lib/api';

type Profile = { kind: 'data'; data: unknown } | { kind: 'missing' };

async function getProfile(): Promise<Profile> {
  try {
    return { kind: 'data', data: await apiFetch<unknown>('/api/profile/') };
  } catch (e) {
    // 404: no mock route configured (e.g. the real Django reference, or Latchkey without
    // this example's latchkey.toml).
    if (e instanceof ApiError && e.status === 404) return { kind: 'missing' };
    throw e;
  }
}

export default function Dashboard() {
  const { user, logout } = useAuth();
  const [me, setMe] = useState<User | null>(null);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [burst, setBurst] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState(false);

  const fail = useCallback((e: unknown) => {
    if (e instanceof AuthRequiredError) return; // apiFetch is already taking us to /login
    setError(e instanceof ApiError ? e : new ApiError(0, null, String(e)));
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const [meResult, profileResult] = await Promise.all([getMe(), getProfile()]);
      setMe(meResult);
      setProfile(profileResult);
    } catch (e) {
      fail(e);
    } finally {
      setLoading(false);
    }
  }, [fail]);

  useEffect(() => {
    void load();
  }, [load]);

  async function fireFive() {
    setBurst(null);
    setError(null);
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => getMe()));
      setBurst(`${results.filter((r) => r.username === user.username).length}/5 requests succeeded`);
    } catch (e) {
      fail(e);
    }
  }

  async function onLogout() {
    setSigningOut(true);
    try {
      await logout();
    } catch (e) {
      setSigningOut(false);
      fail(e);
    }
  }

  return (
    <div data-protected="dashboard" data-testid="dashboard">
      <section className="panel">
        <h1>Dashboard</h1>
        <p>
          Welcome, <strong data-testid="welcome-username">{user.username}</strong>.
        </p>
        <div className="actions">
          <button type="button" onClick={() => void load()} disabled={loading} data-testid="reload">
            Reload data
          </button>
          <button type="button" className="secondary" onClick={() => void fireFive()} data-testid="burst">
            Fire 5 requests at once
          </button>
          <button type="button" className="secondary" onClick={() => void onLogout()} disabled={signingOut} data-testid="logout">
            {signingOut ? 'Signing out…' : 'Log out'}
          </button>
        </div>
        {burst && (
          <p className="muted" data-testid="burst-result">
            {burst}
          </p>
        )}
      </section>

      {error && (
        <section className="panel notice" role="alert" data-testid="retryable-error">
          <p>
            <strong>{error.retryable ? 'Temporary problem.' : 'Request failed.'}</strong> {error.message}{' '}
            <span className="muted" data-testid="error-status">
              {error.status ? `HTTP ${error.status}` : 'network error'}
            </span>
          </p>
          {error.retryable && <p className="muted">You are still signed in. Try again in a moment.</p>}
          <button type="button" onClick={() => void load()} data-testid="retry">
            Try again
          </button>
        </section>
      )}

      <section className="panel" aria-label="Your account">
        <h2>
          Your account <span className="muted">GET /api/me/</span>
        </h2>
        {loading && !me ? (
          <p className="loading" role="status" data-testid="data-loading">
            <span className="spinner" aria-hidden="true" /> Loading…
          </p>
        ) : me ? (
          <dl data-testid="me">
            <dt>id</dt>
            <dd data-testid="user-id">{me.id}</dd>
            <dt>username</dt>
            <dd data-testid="me-username">{me.username}</dd>
            <dt>email</dt>
            <dd data-testid="me-email">{me.email || '—'}</dd>
          </dl>
        ) : null}
      </section>

      <section className="panel" aria-label="Profile">
        <h2>
          Profile <span className="muted">GET /api/profile/ (a Latchkey mock route)</span>
        </h2>
        {loading && !profile ? (
          <p className="loading" role="status">
            <span className="spinner" aria-hidden="true" /> Loading…
          </p>
        ) : profile?.kind === 'data' ? (
          <pre data-testid="profile">{JSON.stringify(profile.data, null, 2)}</pre>
        ) : profile?.kind === 'missing' ? (
          <p className="muted" data-testid="profile-missing">
            The backend has no <code>/api/profile/</code> route. Start Latchkey with this example&apos;s{' '}
            <code>latchkey.toml</code> to get the mock one.
          </p>
        ) : null}
      </section>

      <SessionPanel />
    </div>
  );
}
