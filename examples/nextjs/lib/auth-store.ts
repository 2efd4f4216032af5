/**
 * Client-side auth state, shared by every component and by `lib/api.ts`.
 *
 * The tokens themselves live in HttpOnly cookies that JavaScript cannot read; what the
 * browser knows is only what the API told it: who the user is, and when the page last
 * renewed its access token. A tiny external store (read with `useSyncExternalStore`)
 * rather than React state, so that `apiFetch` can clear it from outside React the moment a
 * refresh fails, and every protected view disappears at once.
 */

export interface User {
  id: number;
  username: string;
  email: string;
}

export interface AuthSnapshot {
  /** `unknown` until /auth-check/ (or login/register) has answered on this page. */
  status: 'unknown' | 'authenticated' | 'anonymous';
  user: User | null;
  /** Epoch ms of the last successful POST /token/refresh/ made by this page. */
  lastRefreshAt: number | null;
  /** Successful refreshes made by this page since it loaded. */
  refreshCount: number;
  /** Epoch ms of the last successful /auth-check/. */
  lastCheckedAt: number | null;
}

const INITIAL: AuthSnapshot = {
  status: 'unknown',
  user: null,
  lastRefreshAt: null,
  refreshCount: 0,
  lastCheckedAt: null,
};

let snapshot: AuthSnapshot = INITIAL;
const listeners = new Set<() => void>();

function set(patch: Partial<AuthSnapshot>) {
  snapshot = { ...snapshot, ...patch };
  listeners.forEach((l) => l());
}

export const authStore = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get(): AuthSnapshot {
    return snapshot;
  },
  /** Server render: auth is never known there. */
  getServer(): AuthSnapshot {
    return INITIAL;
  },
  signedIn(user: User) {
    set({ status: 'authenticated', user, lastCheckedAt: Date.now() });
  },
  refreshed() {
    set({ lastRefreshAt: Date.now(), refreshCount: snapshot.refreshCount + 1 });
  },
  /** The session is gone (logout, or a refresh that failed): forget everything. */
  clear() {
    set({ ...INITIAL, status: 'anonymous' });
  },
};
