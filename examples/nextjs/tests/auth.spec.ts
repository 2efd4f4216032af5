import { expect, test } from '@playwright/test';

import {
  API_URL,
  authCookies,
  createUser,
  loginInUi,
  newUser,
  registerInUi,
  screenshot,
  trackApi,
  watchForProtectedContent,
} from './helpers';

test('register → lands on dashboard; reload keeps the session; cookies are HttpOnly', async ({ page, context }) => {
  const creds = await registerInUi(page);
  await expect(page.getByTestId('welcome-username')).toHaveText(creds.username);
  await expect(page.getByTestId('me-email')).toHaveText(creds.email);

  // The session is in the cookies, not in page memory.
  await page.reload();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('me-username')).toHaveText(creds.username);
  await screenshot(page, 'dashboard');

  const { access, refresh } = await authCookies(context);
  expect(access, 'access_token cookie').toBeDefined();
  expect(refresh, 'refresh_token cookie').toBeDefined();
  expect(access!.httpOnly).toBe(true);
  expect(refresh!.httpOnly).toBe(true);
  expect(access!.sameSite).toBe('Lax');
  // Same host name, other port: document.cookie would show them were they not HttpOnly.
  expect(new URL(API_URL).hostname).toBe(new URL(page.url()).hostname);
  const visible = await page.evaluate(() => document.cookie);
  expect(visible).not.toContain('access_token');
  expect(visible).not.toContain('refresh_token');

  // DRF's field errors are shown inline next to their fields: the same name again...
  await page.context().clearCookies();
  await page.goto('/register');
  await page.getByTestId('input-username').fill(creds.username);
  await page.getByTestId('input-password').fill(creds.password);
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('error-username')).toHaveText('A user with that username already exists.');
  // ...and a new name with a weak password (the password validators, in Django's order).
  await page.getByTestId('input-username').fill(newUser().username);
  await page.getByTestId('input-password').fill('12345');
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('error-password').locator('li')).toHaveText([
    'This password is too short. It must contain at least 8 characters.',
    'This password is too common.',
    'This password is entirely numeric.',
  ]);
  await expect(page.getByTestId('error-username')).toHaveCount(0);
});

test("login with wrong password shows the backend's message", async ({ page, context }) => {
  const creds = await createUser(newUser('wrongpw'));
  await page.goto('/login');

  // Blank fields: DRF's field errors, inline.
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('error-username')).toHaveText('This field may not be blank.');
  await expect(page.getByTestId('error-password')).toHaveText('This field may not be blank.');

  await loginInUi(page, { ...creds, password: 'not-the-password' });
  await expect(page.getByTestId('form-error')).toHaveText('No active account found with the given credentials');
  await expect(page).toHaveURL(/\/login$/);
  expect((await authCookies(context)).access).toBeUndefined();
  await screenshot(page, 'login');
});

test('unauthenticated visit to /dashboard redirects to /login?next=/dashboard and back after login; no protected content flashes', async ({
  page,
}) => {
  const creds = await createUser(newUser('redirect'));
  const sawProtected = await watchForProtectedContent(page);
  const api = trackApi(page);

  // Hold /auth-check/ so the in-between state can be seen (and photographed).
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(`${API_URL}/auth-check/`, async (route) => {
    await held;
    await route.continue();
  });

  const response = await page.goto('/dashboard', { waitUntil: 'domcontentloaded' });
  const html = await response!.text();
  expect(html).toContain('data-testid="auth-loading"');
  expect(html).not.toContain('data-protected');
  await expect(page.getByTestId('auth-loading')).toBeVisible();
  await expect(page.locator('[data-protected]')).toHaveCount(0);
  await screenshot(page, 'redirect-checking');
  release();

  await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
  await expect(page.getByTestId('login-required')).toContainText('/dashboard');
  await screenshot(page, 'redirect-login');
  expect(await sawProtected()).toBe(false);
  // auth-check (401, no cookie) + one refresh attempt (400, no refresh cookie); nothing else.
  expect(api.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
    'GET /auth-check/ 401',
    'POST /token/refresh/ 400',
  ]);
  await page.unroute(`${API_URL}/auth-check/`);

  await loginInUi(page, creds);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('me-username')).toHaveText(creds.username);
});

test('logout clears cookies (Set-Cookie deletion seen) and a second tab is logged out on its next action', async ({
  page,
  context,
}) => {
  const creds = await registerInUi(page);
  const other = await context.newPage();
  await other.goto('/dashboard');
  await expect(other.getByTestId('me-username')).toHaveText(creds.username);

  const [logoutResponse] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${API_URL}/logout/` && r.request().method() === 'POST'),
    page.getByTestId('logout').click(),
  ]);
  expect(logoutResponse.status()).toBe(200);
  const setCookies = (await logoutResponse.headersArray())
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .flatMap((h) => h.value.split('\n'));
  for (const name of ['access_token', 'refresh_token']) {
    const deletion = setCookies.find((v) => v.startsWith(`${name}=`));
    expect(deletion, `Set-Cookie for ${name} in ${JSON.stringify(setCookies)}`).toBeDefined();
    expect(deletion).toMatch(new RegExp(`^${name}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/`));
  }
  await expect(page).toHaveURL(/\/login$/);
  const left = await authCookies(context);
  expect(left.access).toBeUndefined();
  expect(left.refresh).toBeUndefined();

  // The other tab still shows the old page until it does something.
  await other.getByTestId('reload').click();
  await expect(other).toHaveURL(/\/login\?next=\/dashboard$/);
  await expect(other.locator('[data-protected]')).toHaveCount(0);
});
