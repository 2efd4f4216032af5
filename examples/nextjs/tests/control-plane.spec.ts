/**
 * The situations only Latchkey's control plane (/_latchkey/api, issue 4) can produce on
 * demand: force-refresh, expire, clock, faults, the request inspector, mock routes.
 * Tagged @control-plane; `npm test -- --no-control-plane` leaves them out.
 */
import { expect, test } from '@playwright/test';

import { CP, ControlPlane, authCookies, dashboardUserId, registerInUi, trackApi } from './helpers';

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

    // One action (two API calls).
    await cp.forceRefresh(session.id);
    await cp.clearRequests();
    await page.getByTestId('reload').click();
    await expect(page.getByTestId('refresh-count')).toHaveText('1');
    await expect(page.getByTestId('me-username')).toHaveText(creds.username);
    await expect(page.getByTestId('retryable-error')).toHaveCount(0);
    expect(await cp.countRequests('/token/refresh/', 'POST')).toBe(1);

    // Five at once.
    await cp.forceRefresh(session.id);
    await cp.clearRequests();
    api.reset();
    await page.getByTestId('burst').click();
    await expect(page.getByTestId('burst-result')).toHaveText('5/5 requests succeeded');
    expect(await cp.countRequests('/token/refresh/', 'POST')).toBe(1);
    expect(await cp.countRequests('/api/me/', 'GET')).toBe(10);
    expect(api.count('POST', '/token/refresh/')).toBe(1);
    await expect(page.getByTestId('refresh-count')).toHaveText('2');
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test('expire session → next action redirects to /login; no redirect loop (bounded number of requests)', async ({ page }) => {
    await registerInUi(page);
    const session = await cp.sessionOf(await dashboardUserId(page));
    await cp.expire(session.id);
    await cp.clearRequests();
    const api = trackApi(page);

    await page.getByTestId('reload').click();
    await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
    await expect(page.locator('[data-protected]')).toHaveCount(0);
    await page.waitForTimeout(1500); // a loop would keep going
    await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);

    const logged = await cp.requests();
    expect(logged.length, JSON.stringify(logged.map((r) => `${r.method} ${r.path} ${r.status}`))).toBeLessThanOrEqual(4);
    expect(await cp.countRequests('/token/refresh/', 'POST')).toBe(1);
    expect(api.calls.length).toBeLessThanOrEqual(4);
  });

  test('clock advance 16m → silent refresh; advance 1 day+ → login', async ({ page }) => {
    const creds = await registerInUi(page);
    const api = trackApi(page);

    await cp.advanceClock('16m'); // every access token is now expired, refresh tokens are not
    await page.getByTestId('reload').click();
    await expect(page.getByTestId('refresh-count')).toHaveText('1');
    await expect(page.getByTestId('me-username')).toHaveText(creds.username);
    await expect(page).toHaveURL(/\/dashboard$/);
    expect(api.count('POST', '/token/refresh/')).toBe(1);

    await cp.advanceClock('1d'); // 1 day 16 min after login: the refresh token is gone too
    await page.getByTestId('reload').click();
    await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
    expect(api.count('POST', '/token/refresh/')).toBe(2);
  });

  test('fault: /token/refresh/ answers 503 once → the app shows a retryable error, not a logout', async ({ page, context }) => {
    const creds = await registerInUi(page);
    const session = await cp.sessionOf(await dashboardUserId(page));
    await cp.addFault({ route: '/token/refresh/', status: 503, count: 1 });
    await cp.forceRefresh(session.id);

    await page.getByTestId('reload').click();
    await expect(page.getByTestId('retryable-error')).toBeVisible();
    await expect(page.getByTestId('error-status')).toHaveText('HTTP 503');
    await expect(page).toHaveURL(/\/dashboard$/);
    expect((await authCookies(context)).refresh).toBeDefined();

    await page.getByTestId('retry').click();
    await expect(page.getByTestId('retryable-error')).toHaveCount(0);
    await expect(page.getByTestId('me-username')).toHaveText(creds.username);
    await expect(page.getByTestId('refresh-count')).toHaveText('1');
  });

  test('fault: 2 s latency → loading state shown', async ({ page }) => {
    const creds = await registerInUi(page);
    await cp.addFault({ route: '/auth-check/', latency_ms: 2000, count: 1 });

    const started = Date.now();
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expect(page.getByTestId('auth-loading')).toBeVisible();
    await expect(page.getByTestId('auth-loading')).toContainText('Checking your session');
    await expect(page.locator('[data-protected]')).toHaveCount(0);
    await expect(page.getByTestId('me-username')).toHaveText(creds.username, { timeout: 10_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1800);
  });
});
