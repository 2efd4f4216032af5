'use client';

import { useAuth } from './ProtectedRoute';

function time(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toLocaleTimeString();
}

/** When this page last renewed its access token (the tokens themselves are HttpOnly). */
export default function SessionPanel() {
  const { user, lastRefreshAt, refreshCount, lastCheckedAt } = useAuth();
  return (
    <section className="panel" data-testid="session-panel" aria-label="Session">
      <h2>Session</h2>
      <dl>
        <dt>Signed in as</dt>
        <dd>{user.username}</dd>
        <dt>Token last refreshed</dt>
        <dd data-testid="last-refresh">
          {lastRefreshAt === null ? 'not since this page loaded' : time(lastRefreshAt)}
        </dd>
        <dt>Refreshes on this page</dt>
        <dd data-testid="refresh-count">{refreshCount}</dd>
        <dt>Last auth check</dt>
        <dd>{time(lastCheckedAt)}</dd>
      </dl>
      <p className="muted">
        The access and refresh tokens are HttpOnly cookies: this page cannot read them, only notice when it had to
        renew one.
      </p>
    </section>
  );
}
