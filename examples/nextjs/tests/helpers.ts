import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, request as playwrightRequest, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';

/** Set by scripts/run-e2e.mjs. */
export const APP_URL = need('APP_URL');
/** Latchkey as the browser sees it: same host name as the app (see README, "same site"). */
export const API_URL = need('LATCHKEY_URL');
/** The tag of tests that drive /_latchkey/api (run only when LATCHKEY_CONTROL_PLANE != 0). */
export const CP = '@control-plane';

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suite with \`npm test\` (scripts/run-e2e.mjs)`);
  return v.replace(/\/+$/, '');
}

export const SCREENSHOT_DIR = path.join(__dirname, '..', 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

// ---------------------------------------------------------------------------------------
// Users

let counter = 0;
export interface Creds {
  username: string;
  email: string;
  password: string;
}

export function newUser(prefix = 'user'): Creds {
  counter += 1;
  const username = `${prefix}${Date.now().toString(36)}${counter}`;
  return { username, email: `${username}@example.com`, password: 'correct-Horse-battery-9' };
}

/** Creates a user straight through the auth API (no browser), for tests that start at /login. */
export async function createUser(creds: Creds = newUser()): Promise<Creds> {
  const api = await playwrightRequest.newContext();
  try {
    const res = await api.post(`${API_URL}/register/`, { data: creds });
    expect(res.status(), await res.text()).toBe(201);
  } finally {
    await api.dispose();
  }
  return creds;
}

export async function registerInUi(page: Page, creds: Creds = newUser()): Promise<Creds> {
  await page.goto('/register');
  await page.getByTestId('input-username').fill(creds.username);
  await page.getByTestId('input-email').fill(creds.email);
  await page.getByTestId('input-password').fill(creds.password);
  await page.getByTestId('register-submit').click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('me-username')).toHaveText(creds.username);
  return creds;
}

export async function loginInUi(page: Page, creds: Creds) {
  await page.getByTestId('input-username').fill(creds.username);
  await page.getByTestId('input-password').fill(creds.password);
  await page.getByTestId('login-submit').click();
}

/** The signed-in user's id as the dashboard shows it (from /api/me/). */
export async function dashboardUserId(page: Page): Promise<number> {
  return Number(await page.getByTestId('user-id').textContent());
}

export async function authCookies(context: BrowserContext) {
  const all = await context.cookies(API_URL);
  return {
    access: all.find((c) => c.name === 'access_token'),
    refresh: all.find((c) => c.name === 'refresh_token'),
  };
}

/** Overwrites an auth cookie the way a stale or foreign token would look to the backend. */
export async function setAuthCookie(context: BrowserContext, name: 'access_token' | 'refresh_token', value: string) {
  await context.addCookies([{ name, value, url: API_URL, httpOnly: true, sameSite: 'Lax' }]);
}

// ---------------------------------------------------------------------------------------
// What the browser sends to the API

export interface ApiCall {
  method: string;
  path: string;
  status?: number;
}

/** Records every request the page makes to the API origin (preflights included). */
export function trackApi(page: Page) {
  const calls: ApiCall[] = [];
  const origin = new URL(API_URL).origin;
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.origin === origin) calls.push({ method: req.method(), path: url.pathname });
  });
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.origin !== origin) return;
    const call = [...calls].reverse().find((c) => c.path === url.pathname && c.method === res.request().method() && c.status === undefined);
    if (call) call.status = res.status();
  });
  return {
    calls,
    count(method: string, pathname: string) {
      return calls.filter((c) => c.method === method && c.path === pathname).length;
    },
    reset() {
      calls.length = 0;
    },
  };
}

/** Records whether protected content was ever in the DOM of this tab (survives navigation). */
export async function watchForProtectedContent(page: Page) {
  await page.addInitScript(() => {
    const flag = () => {
      if (document.querySelector('[data-protected]')) sessionStorage.setItem('sawProtected', '1');
    };
    new MutationObserver(flag).observe(document, { childList: true, subtree: true, attributes: true });
    flag();
  });
  return async () => (await page.evaluate(() => sessionStorage.getItem('sawProtected'))) === '1';
}

// ---------------------------------------------------------------------------------------
// The control plane (issue 4's fixed routes)

export interface TokenInfo {
  jti: string;
  token: string;
  issued_at: string;
  expires_at: string;
  expired?: boolean;
}

/** A session (one login or registration) as `GET /_latchkey/api/sessions/{id}` answers it. */
export interface SessionInfo {
  id: string;
  user: { id: number; username: string };
  state: 'active' | 'access_expired' | 'expired' | 'revoked' | 'logged_out';
  created_at: string;
  access: TokenInfo | null;
  refresh: TokenInfo | null;
  refresh_count: number;
}

/** One entry of the request inspector (`GET /_latchkey/api/requests`). */
export interface RequestLogEntry {
  id: number;
  at: string;
  method: string;
  path: string;
  origin: string | null;
  status: number;
  duration_ms: number;
  session_id: string | null;
  rejection: string | null;
  /** The id of the fault that applied, if any. */
  fault: string | null;
}

export class ControlPlane {
  private constructor(private readonly api: APIRequestContext) {}

  static async open(): Promise<ControlPlane> {
    // No Origin header (a script, not a page), a loopback Host: what the guard allows.
    return new ControlPlane(await playwrightRequest.newContext({ baseURL: `${API_URL}/_latchkey/api/` }));
  }

  async dispose() {
    await this.api.dispose();
  }

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T> {
    const res = await this.api.fetch(route.replace(/^\//, ''), {
      method,
      // Mutating calls must be application/json even without a meaningful body.
      ...(method === 'GET' ? {} : { headers: { 'Content-Type': 'application/json' }, data: JSON.stringify(body ?? {}) }),
    });
    const text = await res.text();
    if (!res.ok()) throw new Error(`control plane ${method} ${route} -> ${res.status()} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  async health() {
    return this.call<unknown>('GET', 'health');
  }

  /** The user's newest session that is still usable. */
  async sessionOf(userId: number): Promise<SessionInfo> {
    const list = await this.call<{ items: SessionInfo[] }>('GET', `sessions?user=${userId}`);
    const mine = list.items.filter((s) => s.user.id === userId);
    const usable = mine.filter((s) => s.state === 'active' || s.state === 'access_expired');
    const pick = (usable.length ? usable : mine).sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
    if (!pick) throw new Error(`no session for user ${userId}: ${JSON.stringify(list)}`);
    return pick;
  }

  session(sessionId: string) {
    return this.call<SessionInfo>('GET', `sessions/${encodeURIComponent(sessionId)}`);
  }

  /** Its access tokens count as expired from now on; answers the session's new state. */
  forceRefresh(sessionId: string) {
    return this.call<SessionInfo>('POST', `sessions/${encodeURIComponent(sessionId)}/force-refresh`);
  }

  /** Access and refresh both count as expired from now on. */
  expire(sessionId: string) {
    return this.call<SessionInfo>('POST', `sessions/${encodeURIComponent(sessionId)}/expire`);
  }

  /** Moves the emulator clock (`"16m"`, `"1d"`); tokens' expiry follows it. */
  advanceClock(by: string) {
    return this.call<unknown>('POST', 'clock/advance', { by });
  }

  resetClock() {
    return this.call<unknown>('POST', 'clock/reset');
  }

  addFault(fault: { route: string; status?: number; latency_ms?: number; drop?: boolean; count?: number }) {
    return this.call<{ id: string }>('POST', 'faults', fault);
  }

  clearFaults() {
    return this.call<unknown>('DELETE', 'faults');
  }

  clearRequests() {
    return this.call<unknown>('DELETE', 'requests');
  }

  /** The inspector's log, newest first; `path` filters on a substring of the path. */
  async requests(path?: string): Promise<RequestLogEntry[]> {
    const q = new URLSearchParams({ limit: '1000' });
    if (path) q.set('path', path);
    const list = await this.call<{ items: RequestLogEntry[]; total: number }>('GET', `requests?${q}`);
    return list.items;
  }

  /**
   * How many requests to exactly `pathname` (and `method`, if given) the inspector logged,
   * e.g. `countRequests('/token/refresh/', 'POST')` asks `GET /requests?path=/token/refresh/`.
   * CORS preflights (OPTIONS) only count when `method` is left out.
   */
  async countRequests(pathname: string, method?: string): Promise<number> {
    const items = await this.requests(pathname);
    return items.filter((r) => r.path === pathname && (!method || r.method.toUpperCase() === method)).length;
  }
}
