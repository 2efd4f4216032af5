/**
 * API utilities for a Django REST Framework + simplejwt backend that keeps its JWTs in
 * HttpOnly cookies (`access_token`, `refresh_token`).
 *
 * - Every request sends `credentials: 'include'`, so the browser attaches the cookies that
 *   the API host set, and accepts the ones it sets.
 * - JSON in, JSON out; DRF error bodies become an `ApiError` with `fieldErrors`, `detail`
 *   and `code`.
 * - A 401 caused by the access token (expired, invalid, or the browser already dropped the
 *   expired cookie) triggers ONE `POST /token/refresh/`, shared by every request that is
 *   waiting for it, and then each request is retried once.
 * - When the refresh is refused (400/401/403) the session is over: auth state is cleared and
 *   the browser goes to `/login?next=<where the user was>`.
 * - When the refresh could not be done (network error, 5xx, 429) the session may still be
 *   fine: the caller gets a retryable `ApiError` and the user stays where they are.
 */

import { apiBaseUrl } from './config';
import { authStore, type User } from './auth-store';
import { isAuthPage, loginUrl } from './next-param';

export type { User } from './auth-store';

/** A DRF-style error (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number;
  /** DRF's `detail`, e.g. "No active account found with the given credentials". */
  readonly detail?: string;
  /** simplejwt's `code`, e.g. "token_not_valid". */
  readonly code?: string;
  /** Field errors, e.g. `{ password: ["This password is too short. ..."] }`. */
  readonly fieldErrors: Record<string, string[]>;
  /** `non_field_errors` (e.g. "Invalid data. Expected a dictionary, but got list."). */
  readonly nonFieldErrors: string[];
  readonly body: unknown;

  constructor(status: number, body: unknown, fallbackMessage?: string) {
    const parsed = parseDrfError(body);
    super(
      parsed.detail ??
        parsed.nonFieldErrors[0] ??
        firstFieldError(parsed.fieldErrors) ??
        fallbackMessage ??
        `Request failed with status ${status}`,
    );
    this.name = 'ApiError';
    this.status = status;
    this.detail = parsed.detail;
    this.code = parsed.code;
    this.fieldErrors = parsed.fieldErrors;
    this.nonFieldErrors = parsed.nonFieldErrors;
    this.body = body;
  }

  /** Worth trying again as is: the server was unreachable, overloaded or failing. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** The session is over (refresh refused); the app is on its way to /login. */
export class AuthRequiredError extends ApiError {
  constructor(status: number, body: unknown) {
    super(status, body, 'Your session has ended. Please sign in again.');
    this.name = 'AuthRequiredError';
  }
}

function parseDrfError(body: unknown) {
  const out = {
    detail: undefined as string | undefined,
    code: undefined as string | undefined,
    fieldErrors: {} as Record<string, string[]>,
    nonFieldErrors: [] as string[],
  };
  if (Array.isArray(body)) {
    out.nonFieldErrors = body.map(String);
    return out;
  }
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'detail' && typeof value === 'string') out.detail = value;
    else if (key === 'code' && typeof value === 'string') out.code = value;
    else if (key === 'messages') continue; // simplejwt's per-token-class explanation
    else if (key === 'non_field_errors' && Array.isArray(value)) out.nonFieldErrors = value.map(String);
    else if (Array.isArray(value)) out.fieldErrors[key] = value.map(String);
    else if (typeof value === 'string') out.fieldErrors[key] = [value];
  }
  return out;
}

function firstFieldError(fields: Record<string, string[]>): string | undefined {
  for (const messages of Object.values(fields)) if (messages.length) return messages[0];
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Low-level request

interface RawResponse {
  status: number;
  ok: boolean;
  body: unknown;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function send(path: string, method: Method, body: unknown): Promise<RawResponse> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'include', headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(apiBaseUrl() + path, init);
  } catch {
    // fetch rejects on network failure and on CORS refusal; the two look the same here.
    throw new ApiError(0, null, `Cannot reach the server at ${apiBaseUrl()}. Check your connection and try again.`);
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown = null;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  return { status: res.status, ok: res.ok, body: parsed };
}

// ---------------------------------------------------------------------------------------
// The refresh: one in flight, shared

/**
 * Bumped after every successful refresh. A request remembers the generation it was sent
 * in; if its 401 arrives after a refresh that started later already succeeded, the cookie it
 * carried is simply stale and it retries without refreshing again. Without this, five
 * requests that 401 at slightly different times can cause two or three refreshes (and, with
 * ROTATE_REFRESH_TOKENS + blacklisting, log the user out).
 */
let generation = 0;
let inFlight: Promise<void> | null = null;
/** Counts the requests sent, so a refresh's outcome can be matched to the requests it covers. */
let sent = 0;
/**
 * The last refresh that failed, and how many requests had been sent when it did. A request
 * sent before that moment whose 401 arrives only now shares that outcome instead of starting
 * another refresh: one burst of requests gets one refresh, whether it succeeds, is refused
 * (the session is over) or fails (a retryable error). A request sent later — the user's
 * "Try again", or anything after a new login — may refresh again.
 */
let lastFailure: { sentBefore: number; error: unknown } | null = null;

async function refreshOnce(sentInGeneration: number, sentAs: number): Promise<void> {
  if (generation !== sentInGeneration) return;
  if (lastFailure && sentAs <= lastFailure.sentBefore) throw lastFailure.error;
  if (!inFlight) {
    inFlight = doRefresh()
      .catch((error: unknown) => {
        lastFailure = { sentBefore: sent, error };
        throw error;
      })
      .finally(() => {
        inFlight = null;
      });
  }
  return inFlight;
}

async function doRefresh(): Promise<void> {
  // No body and no Content-Type: a CORS "simple" request, so no preflight. The refresh
  // token travels in its HttpOnly cookie.
  const res = await send('/token/refresh/', 'POST', undefined);
  if (res.ok) {
    generation += 1;
    authStore.refreshed();
    return;
  }
  if (res.status === 429 || res.status >= 500) {
    throw new ApiError(res.status, res.body, `Could not renew your session (the server answered ${res.status}).`);
  }
  // 400 "refresh: This field is required." (no refresh cookie), 401 expired/blacklisted/
  // invalid, inactive user: the session cannot be renewed.
  throw new AuthRequiredError(res.status, res.body);
}

/** Whether a 401 is about the access token, so that a refresh can fix it. */
function refreshMightHelp(body: unknown): boolean {
  const { code, detail } = parseDrfError(body);
  if (code === 'token_not_valid') return true; // expired / invalid / wrong type
  // No credentials at all: the browser drops the access cookie when its Max-Age (= token
  // lifetime) runs out, but the refresh cookie may still be there (HttpOnly, so we can't look).
  if (!code && detail === 'Authentication credentials were not provided.') return true;
  return false; // user_not_found, user_inactive, bad_authorization_header
}

// ---------------------------------------------------------------------------------------
// Leaving for /login

type Navigate = (url: string) => void;
let navigate: Navigate | null = null;
let redirecting = false;

/** Lets the app route with the Next.js router instead of a full page load. */
export function setNavigator(fn: Navigate | null) {
  navigate = fn;
}

/** Called once the login page is shown or the user signed in: redirects may happen again. */
export function resetRedirectGuard() {
  redirecting = false;
}

function sessionEnded(redirect: boolean) {
  authStore.clear();
  if (!redirect || typeof window === 'undefined') return;
  const here = window.location.pathname + window.location.search;
  // Never redirect from the auth pages themselves (that is how redirect loops start), and
  // only once however many requests failed together.
  if (isAuthPage(window.location.pathname) || redirecting) return;
  redirecting = true;
  const target = loginUrl(here);
  if (navigate) navigate(target);
  else window.location.replace(target);
}

// ---------------------------------------------------------------------------------------
// Public API

export interface ApiFetchOptions {
  method?: Method;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * `true` (default): the route needs the access token; 401s trigger the shared refresh and
   * one retry. `false`: anonymous routes (login, register); a 401 is just an error.
   */
  auth?: boolean;
  /** When the session turns out to be over: go to /login (default) or only throw. */
  onSessionEnd?: 'redirect' | 'throw';
}

export async function apiFetch<T = unknown>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const { method = 'GET', body, auth = true, onSessionEnd = 'redirect' } = options;
  const sentIn = generation;
  const sentAs = ++sent;
  let res = await send(path, method, body);

  if (auth && res.status === 401 && refreshMightHelp(res.body)) {
    try {
      await refreshOnce(sentIn, sentAs);
    } catch (e) {
      if (e instanceof AuthRequiredError) sessionEnded(onSessionEnd === 'redirect');
      throw e;
    }
    res = await send(path, method, body); // exactly one retry
  }

  if (auth && res.status === 401) {
    // Still refused with a fresh token, or a 401 a refresh cannot fix (user deleted/inactive).
    const err = new AuthRequiredError(res.status, res.body);
    sessionEnded(onSessionEnd === 'redirect');
    throw err;
  }
  if (!res.ok) throw new ApiError(res.status, res.body);
  return res.body as T;
}

interface UserEnvelope {
  user: User;
}

export interface RegisterInput {
  username: string;
  password: string;
  email?: string;
}

/** POST /register/: creates the user and signs them in (201 + both cookies). */
export async function register(input: RegisterInput): Promise<User> {
  const { user } = await apiFetch<UserEnvelope>('/register/', { method: 'POST', body: input, auth: false });
  resetRedirectGuard();
  generation += 1; // a new session: its 401s may refresh again
  authStore.signedIn(user);
  return user;
}

/** POST /token/: signs in (200 + both cookies; the tokens are never in the body). */
export async function login(username: string, password: string): Promise<User> {
  const { user } = await apiFetch<UserEnvelope>('/token/', {
    method: 'POST',
    body: { username, password },
    auth: false,
  });
  resetRedirectGuard();
  generation += 1; // a new session: its 401s may refresh again
  authStore.signedIn(user);
  return user;
}

/**
 * POST /logout/: blacklists the refresh token and deletes both cookies.
 *
 * With an expired access cookie the backend answers 401 and clears nothing, so this goes
 * through the refresh path like any authenticated call. If even that fails the session was
 * already dead; either way the local state is cleared.
 */
export async function logout(): Promise<void> {
  try {
    await apiFetch('/logout/', { method: 'POST', onSessionEnd: 'throw' });
  } catch (e) {
    if (!(e instanceof AuthRequiredError)) throw e;
  } finally {
    authStore.clear();
  }
}

export interface AuthCheck {
  authenticated: true;
  user: User;
}

/** GET /auth-check/ (through the refresh path, so an expired access token renews silently). */
export async function authCheck(): Promise<AuthCheck> {
  const res = await apiFetch<AuthCheck>('/auth-check/');
  authStore.signedIn(res.user);
  return res;
}

/** GET /api/me/: the sample protected resource. */
export function getMe(): Promise<User> {
  return apiFetch<User>('/api/me/');
}
