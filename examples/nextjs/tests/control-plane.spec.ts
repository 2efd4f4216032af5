/**
 * The situations only Latchkey's control plane (/_latchkey/api, issue 4) can produce on
 * demand: force-refresh, expire, clock, faults, the request inspector, mock routes.
 * Tagged @control-plane; `npm test -- --no-control-plane` leaves them out.
 */
import { expect, test } from '@playwright/test';

import { CP, ControlPlane, authCookies, dashboardUserId, registerInUi, screenshot, trackApi } from './helpers';

test.describe('control plane', { tag: CP }, () => {
  let cp: ControlPlane;

  test.beforeAll(async () => {
    cp = await ControlPlane.open();
  });

  test.afterEach(async () => {
    await cp.clearFaults();
    await cp.resetClock();
  });

  test.afterAll(async () => {
    await cp.dispose();
  });

  test('dashboard shows the mock /api/profile/ route from latchkey.toml', async ({ page }) => {
    const creds = await registerInUi(page);
    await expect(page.getByTestId('profile')).toContainText(`"username": "${creds.username}"`);
  });

  test('force-refresh → the next dashboard action succeeds after exactly one /token/refresh/, even when 5 API calls start at once', async ({
    page,
  }) => {
    const creds = await registerInUi(page);
    const session = await cp.sessionOf(await dashboardUserId(page));
    const api = trackApi(page);

    // One action ("Reload data": /api/me/ and /api/profile/ at once, both 401).
    expect((await cp.forceRefresh(session.id)).state).toBe('access_expired');
    await cp.clearRequests();
    await page.getByTestId('reload').click();
    await expect(page.getByTestId('refresh-count')).toHaveText('1');
    await expect(page.getByTestId('me-username')).toHaveText(creds.username);
    await expect(page.getByTestId('retryable-error')).toHaveCount(0);
    expect(await cp.countRequests('/token/refresh/', 'POST')).toBe(1);
    const refreshed = (await cp.requests('/token/refresh/')).filter((r) => r.method === 'POST');
    expect(refreshed.map((r) => r.status)).toEqual([200]);
    // The first /api/me/ was refused as expired, the retry after the refresh was not.
    const me = (await cp.requests('/api/me/')).filter((r) => r.method === 'GET').reverse();
    expect(me.map((r) => r.status)).toEqual([401, 200]);
    expect(me[0].rejection).toContain('expired');
    expect(await cp.session(session.id)).toMatchObject({ state: 'active', refresh_count: 1 });

    // Five at once.
    expect((await cp.forceRefresh(session.id)).state).toBe('access_expired');
    await cp.clearRequests();
    api.reset();
    await page.getByTestId('burst').click();
    await expect(page.getByTestId('burst-result')).toHaveText('5/5 requests succeeded');
    expect(await cp.countRequests('/token/refresh/', 'POST')).toBe(1);
    expect(await cp.countRequests('/api/me/', 'GET')).toBe(10); // 5 × (401, retry)
    expect(api.count('POST', '/token/refresh/')).toBe(1);
    await expect(page.getByTestId('refresh-count')).toHaveText('2');
    await expect(page).toHaveURL(/\/dashboard$/);
    expect(await cp.session(session.id)).toMatchObject({ state: 'active', refresh_count: 2 });
  });

  test('expire session → next action redirects to /login; no redirect loop (bounded number of requests)', async ({ page }) => {
    await registerInUi(page);
    const session = await cp.sessionOf(await dashboardUserId(page));
    expect((await cp.expire(session.id)).state).toBe('expired');
    await cp.clearRequests();
    const api = trackApi(page);

    await page.getByTestId('reload').click();
    await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
    await expect(page.locator('[data-protected]')).toHaveCount(0);
    const settled = api.calls.length;
    // Not waiting for tokens to expire (the clock does that): an observation window in which
    // a redirect or refresh loop would show up as more requests.
    await page.waitForTimeout(1500);
    expect(api.calls.length).toBe(settled);
    await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);

    const logged = await cp.requests();
    const summary = JSON.stringify(logged.map((r) => `${r.method} ${r.path} ${r.status}`));
    // GET /api/me/ 401, GET /api/profile/ 401, POST /token/refresh/ 401, and nothing else.
    expect(logged.filter((r) => r.method !== 'OPTIONS').length, summary).toBeLessThanOrEqual(3);
    expect(await cp.countRequests('/token/refresh/', 'POST')).toBe(1);
    expect((await cp.requests('/token/refresh/')).find((r) => r.method === 'POST')?.status).toBe(401);
    expect(api.calls.length).toBeLessThanOrEqual(4);
  });

  test('clock advance 16m → silent refresh; advance 1 day+ → login', async ({ page }) => {
    const creds = await registerInUi(page);
    const api = trackApi(page);

    // Every access token (15 min) is now expired, the refresh token (1 day) is not. The
    // browser's own clock did not move, so it still sends the access cookie.
    await cp.advanceClock('16m');
    await page.getByTestId('reload').click();
    await expect(page.getByTestId('refresh-count')).toHaveText('1');
    await expect(page.getByTestId('me-username')).toHaveText(creds.username);
    await expect(page).toHaveURL(/\/dashboard$/);
    expect(api.count('POST', '/token/refresh/')).toBe(1);

    // 1 day 17 min after login: the refresh token is past its expiry too (with or without
    // rotation, whose new refresh token would live until 1 day 16 min).
    await cp.advanceClock('1d1m');
    await page.getByTestId('reload').click();
    await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
    await expect(page.locator('[data-protected]')).toHaveCount(0);
    expect(api.count('POST', '/token/refresh/')).toBe(2);
  });

  test('fault: /token/refresh/ answers 503 once → the app shows a retryable error, not a logout', async ({ page, context }) => {
    const creds = await registerInUi(page);
    const session = await cp.sessionOf(await dashboardUserId(page));
    const fault = await cp.addFault({ route: '/token/refresh/', status: 503, count: 1 });
    await cp.forceRefresh(session.id);
    await cp.clearRequests();

    await page.getByTestId('reload').click();
    await expect(page.getByTestId('retryable-error')).toBeVisible();
    await expect(page.getByTestId('error-status')).toHaveText('HTTP 503');
    await expect(page.getByTestId('retry')).toBeVisible();
    await screenshot(page, 'dashboard-refresh-503');
    await expect(page).toHaveURL(/\/dashboard$/);
    expect((await authCookies(context)).refresh).toBeDefined();
    const faulted = (await cp.requests('/token/refresh/')).filter((r) => r.method === 'POST');
    expect(faulted.map((r) => [r.status, r.fault])).toEqual([[503, fault.id]]);
    expect(await cp.countRequests('/logout/')).toBe(0);

    await page.getByTestId('retry').click();
    await expect(page.getByTestId('retryable-error')).toHaveCount(0);
    await expect(page.getByTestId('me-username')).toHaveText(creds.username);
    await expect(page.getByTestId('refresh-count')).toHaveText('1');
    expect(await cp.countRequests('/token/refresh/', 'POST')).toBe(2); // the 503, then the 200
    expect(await cp.session(session.id)).toMatchObject({ state: 'active', refresh_count: 1 });
  });

  test('fault: 2 s latency → loading state shown', async ({ page }) => {
    const creds = await registerInUi(page);
    const fault = await cp.addFault({ route: '/auth-check/', latency_ms: 2000, count: 1 });
    await cp.clearRequests();

    const started = Date.now();
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expect(page.getByTestId('auth-loading')).toBeVisible();
    await expect(page.getByTestId('auth-loading')).toContainText('Checking your session');
    await expect(page.locator('[data-protected]')).toHaveCount(0);
    await screenshot(page, 'dashboard-slow-backend-loading');
    await expect(page.getByTestId('me-username')).toHaveText(creds.username, { timeout: 10_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1800);
    const check = (await cp.requests('/auth-check/')).filter((r) => r.method === 'GET');
    expect(check.map((r) => [r.status, r.fault])).toEqual([[200, fault.id]]);
    expect(check[0].duration_ms).toBeGreaterThanOrEqual(1900);
  });
});
