/**
 * Token expiry and refresh, without the control plane: the stale or dead tokens are made by
 * overwriting the HttpOnly cookies from the test (the browser still sends them; the backend
 * rejects them with the real simplejwt 401s). control-plane.spec.ts drives the same
 * situations through Latchkey itself.
 */
import { expect, test } from '@playwright/test';

import { API_URL, APP_URL, authCookies, registerInUi, setAuthCookie, trackApi } from './helpers';

const GARBAGE = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.not-a-signature';

test('invalid access token: 5 concurrent calls share a single /token/refresh/ and all succeed', async ({ page, context }) => {
  await registerInUi(page);
  await setAuthCookie(context, 'access_token', GARBAGE);
  const api = trackApi(page);

  await page.getByTestId('burst').click();
  await expect(page.getByTestId('burst-result')).toHaveText('5/5 requests succeeded');
  expect(api.count('POST', '/token/refresh/')).toBe(1);
  expect(api.count('GET', '/api/me/')).toBe(10); // 5 × (401, retry)
  await expect(page.getByTestId('refresh-count')).toHaveText('1');
  await expect(page.getByTestId('last-refresh')).not.toHaveText('not since this page loaded');
});

test('access cookie gone (the browser expired it) but refresh cookie valid: silent refresh, no logout', async ({
  page,
  context,
}) => {
  const creds = await registerInUi(page);
  // What the browser does by itself 15 minutes after login (Max-Age=900).
  await context.clearCookies({ name: 'access_token' });
  expect((await authCookies(context)).refresh).toBeDefined();
  const api = trackApi(page);

  await page.getByTestId('reload').click();
  await expect(page.getByTestId('refresh-count')).toHaveText('1');
  await expect(page.getByTestId('me-username')).toHaveText(creds.username);
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(api.count('POST', '/token/refresh/')).toBe(1);
  expect((await authCookies(context)).access).toBeDefined();
});

test('refresh refused: the next action goes to /login once, with no redirect loop', async ({ page, context }) => {
  await registerInUi(page);
  await setAuthCookie(context, 'access_token', GARBAGE);
  await setAuthCookie(context, 'refresh_token', GARBAGE);
  const api = trackApi(page);

  await page.getByTestId('reload').click();
  await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
  await expect(page.locator('[data-protected]')).toHaveCount(0);
  const settled = api.calls.length;
  await page.waitForTimeout(1500); // a loop would keep going; prove nothing more happens
  expect(api.calls.length).toBe(settled);
  expect(api.count('POST', '/token/refresh/')).toBe(1);
  expect(settled).toBeLessThanOrEqual(4); // /api/me/, /api/profile/, one refresh
  await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
});

test('refresh answering 503 (simulated in the browser) is a retryable error, not a logout', async ({ page, context }) => {
  const creds = await registerInUi(page);
  await setAuthCookie(context, 'access_token', GARBAGE);
  await page.route(
    `${API_URL}/token/refresh/`,
    (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'Access-Control-Allow-Origin': APP_URL, 'Access-Control-Allow-Credentials': 'true' },
        body: '{"detail":"Service temporarily unavailable, try again later."}',
      }),
    { times: 1 },
  );

  await page.getByTestId('reload').click();
  await expect(page.getByTestId('retryable-error')).toContainText('Service temporarily unavailable');
  await expect(page.getByTestId('error-status')).toHaveText('HTTP 503');
  await expect(page).toHaveURL(/\/dashboard$/);
  expect((await authCookies(context)).refresh).toBeDefined();

  await page.getByTestId('retry').click();
  await expect(page.getByTestId('retryable-error')).toHaveCount(0);
  await expect(page.getByTestId('me-username')).toHaveText(creds.username);
  await expect(page.getByTestId('refresh-count')).toHaveText('1');
});
