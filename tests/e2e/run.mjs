// Browser end-to-end tests of the Latchkey inspector at /_latchkey/.
//
// Starts `latchkey serve --in-memory --port 0 --fast-hash` (LATCHKEY_BIN, else
// target/debug/latchkey), drives Debian's chromium through playwright-core, and talks to the
// auth API with fetch like a frontend would. Screenshots of every screen go to screenshots/.
// Prints a final "N passed, N failed" line; exits non-zero on any failure.
//
//   npm test                       # all tests
//   npm test -- force              # only tests whose name contains "force"
//   LATCHKEY_BIN=... CHROMIUM_PATH=... E2E_HEADFUL=1 npm test

import { spawn } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const shots = path.join(here, 'screenshots');
mkdirSync(shots, { recursive: true });

const BIN = process.env.LATCHKEY_BIN
  ? path.resolve(process.env.LATCHKEY_BIN)
  : path.join(repo, 'target/debug/latchkey');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VIEWPORT = { width: 1000, height: 700 };
const PASSWORD = 'correct-horse-battery-9';

// ---------------------------------------------------------------------------------------
// the server

async function startServer() {
  if (!existsSync(BIN)) throw new Error(`no latchkey binary at ${BIN}; build it (cargo build -p latchkey) or set LATCHKEY_BIN`);
  const child = spawn(BIN, ['serve', '--in-memory', '--port', '0', '--fast-hash'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LATCHKEY_LOG: process.env.LATCHKEY_LOG || 'warn' },
  });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20000);
    const onData = (d) => {
      out += d;
      const m = out.match(/https?:\/\/127\.0\.0\.1:\d+/);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${out}`)); });
  });
  return { url, child };
}

// ---------------------------------------------------------------------------------------
// a frontend's view of the auth API: fetch with a little cookie jar

function cookiesOf(res) {
  const jar = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const i = pair.indexOf('=');
    jar[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return jar;
}

class Frontend {
  constructor(base) { this.base = base; this.jar = {}; }
  cookieHeader(only) {
    return Object.entries(this.jar)
      .filter(([k, v]) => v && (!only || only.includes(k)))
      .map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async request(method, p, { body, only } = {}) {
    const headers = { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', Origin: 'http://localhost:3000' };
    const cookie = this.cookieHeader(only);
    if (cookie) headers.Cookie = cookie;
    const res = await fetch(this.base + p, { method, headers, body: body ? JSON.stringify(body) : undefined, redirect: 'manual' });
    Object.assign(this.jar, cookiesOf(res));
    const text = await res.text();
    return { status: res.status, text, json: (() => { try { return JSON.parse(text); } catch { return null; } })() };
  }
  login(username, password = PASSWORD) { return this.request('POST', '/token/', { body: { username, password } }); }
  authCheck() { return this.request('GET', '/auth-check/', { only: ['access_token'] }); }
  refresh() { return this.request('POST', '/token/refresh/', { only: ['refresh_token'] }); }
}

async function control(base, method, p, body) {
  const res = await fetch(`${base}/_latchkey/api${p}`, {
    method,
    headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// ---------------------------------------------------------------------------------------
// tiny test harness

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
function assert(cond, msg) { if (!cond) throw new Error(`assertion failed: ${msg}`); }
function eq(a, b, msg) { if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function shot(page, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/// Fails when the page is wider than the viewport (layout breakage at 1000×700).
async function noHorizontalOverflow(page, where) {
  const { sw, w } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
  assert(sw <= w, `${where}: page is ${sw}px wide in a ${w}px viewport`);
}

async function gotoTab(page, title) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: title }).click();
}

function row(page, sessionId) { return page.locator(`tr[data-session="${sessionId}"]`); }

async function rowText(page, sessionId, nth) {
  return (await row(page, sessionId).locator('.countdown-text').nth(nth).textContent()).trim();
}

function toSeconds(cd) {
  // "14:59" | "1:02:03" | "2d 03h" | "expired"
  if (/^\d+:\d\d$/.test(cd)) { const [m, s] = cd.split(':').map(Number); return m * 60 + s; }
  if (/^\d+:\d\d:\d\d$/.test(cd)) { const [h, m, s] = cd.split(':').map(Number); return h * 3600 + m * 60 + s; }
  return NaN;
}

// ---------------------------------------------------------------------------------------
// the tests (they share one server and one page, in order, like a user's session)

let ctx; // { base, page, alice, sessionId }

test('empty inspector explains what to do', async () => {
  const { page, base } = ctx;
  await page.goto(`${base}/_latchkey/`);
  await page.getByText('No sessions yet').waitFor();
  await page.locator('#connection', { hasText: 'Live' }).waitFor();
  const env = await page.locator('#server-url').textContent();
  eq(env.trim(), `NEXT_PUBLIC_API_URL=${base}`, 'header shows the env line');
  await noHorizontalOverflow(page, 'sessions (empty)');
  await shot(page, '01-sessions-empty');
});

test('a login shows up live with ticking countdowns', async () => {
  const { page, base } = ctx;
  await control(base, 'POST', '/users', { username: 'alice', password: PASSWORD, email: 'alice@example.com' });
  const alice = new Frontend(base);
  eq((await alice.login('alice')).status, 200, 'login');
  eq((await alice.authCheck()).status, 200, 'auth-check with a fresh access token');
  ctx.alice = alice;
  const list = await control(base, 'GET', '/sessions');
  eq(list.total, 1, 'one session');
  ctx.sessionId = list.items[0].id;
  // No reload: the row arrives through server-sent events.
  await row(page, ctx.sessionId).waitFor({ timeout: 5000 });
  await row(page, ctx.sessionId).locator('.badge', { hasText: 'Active' }).waitFor();
  const first = await rowText(page, ctx.sessionId, 0);
  assert(toSeconds(first) > 14 * 60, `access countdown near 15:00, got ${first}`);
  await sleep(2200);
  const second = await rowText(page, ctx.sessionId, 0);
  assert(toSeconds(second) < toSeconds(first), `countdown ticks: ${first} then ${second}`);
  const refresh = await rowText(page, ctx.sessionId, 1);
  assert(/^\d+:\d\d:\d\d$|^\dd \d\dh$/.test(refresh), `refresh countdown in hours/days, got ${refresh}`);
  await noHorizontalOverflow(page, 'sessions');
  await shot(page, '02-sessions');
});

test('force refresh: state changes, /auth-check/ gets the expired 401, refresh succeeds', async () => {
  const { page, alice, sessionId } = ctx;
  await row(page, sessionId).locator('[data-action="force-refresh"]').click();
  await row(page, sessionId).locator('.badge', { hasText: 'Access expired' }).waitFor({ timeout: 5000 });
  const check = await alice.authCheck();
  eq(check.status, 401, 'auth-check after force refresh');
  eq(check.json?.messages?.[0]?.message, 'Token is expired', 'simplejwt message');
  eq(check.json?.code, 'token_not_valid', 'code');
  await shot(page, '03-sessions-force-refreshed');
  const r = await alice.refresh();
  eq(r.status, 200, 'the next refresh succeeds');
  await row(page, sessionId).locator('.badge', { hasText: 'Active' }).waitFor({ timeout: 5000 });
  eq((await alice.authCheck()).status, 200, 'auth-check with the refreshed access token');
});

test('session details show decoded tokens and request history', async () => {
  const { page, sessionId } = ctx;
  await row(page, sessionId).getByRole('button', { name: /Details of alice/ }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByText('Access token').first().waitFor();
  await drawer.getByText('"token_type": "access"').waitFor();
  await drawer.getByText('"token_type": "refresh"').waitFor();
  await drawer.locator('tr', { hasText: '/auth-check/' }).first().waitFor();
  await shot(page, '04-session-details');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
});

test('expire: refresh fails with the expired body', async () => {
  const { page, alice, sessionId } = ctx;
  await row(page, sessionId).locator('[data-action="expire"]').click();
  await row(page, sessionId).locator('.badge', { hasText: /^Expired$/ }).waitFor({ timeout: 5000 });
  const r = await alice.refresh();
  eq(r.status, 401, 'refresh after expire');
  eq(r.json?.detail, 'Token is expired', 'refresh body');
  await row(page, sessionId).locator('[data-action="expire"]').isDisabled().then((d) => assert(d, 'actions disabled on an expired session'));
});

test('advancing the clock makes countdowns jump', async () => {
  const { page, base } = ctx;
  const bob = new Frontend(base);
  await control(base, 'POST', '/users', { username: 'bob', password: PASSWORD });
  eq((await bob.login('bob')).status, 200, 'bob logs in');
  ctx.bob = bob;
  const list = await control(base, 'GET', '/sessions?user=' + (await control(base, 'GET', '/users?search=bob')).items[0].id);
  const bobSession = list.items[0].id;
  ctx.bobSession = bobSession;
  await row(page, bobSession).waitFor({ timeout: 5000 });
  const before = toSeconds(await rowText(page, bobSession, 0));
  await gotoTab(page, 'Clock & faults');
  const headerBefore = await page.locator('#header-clock').textContent();
  await page.getByRole('button', { name: '+1m', exact: true }).click();
  await page.locator('#clock-offset', { hasText: '+1m' }).waitFor({ timeout: 5000 });
  await page.getByRole('button', { name: '+1m', exact: true }).click();
  await page.locator('#clock-offset', { hasText: '+2m' }).waitFor({ timeout: 5000 });
  const headerAfter = await page.locator('#header-clock').textContent();
  assert(headerBefore !== headerAfter, 'header clock moved');
  await page.locator('.clock-chip .pill', { hasText: '+2m' }).waitFor();
  await gotoTab(page, 'Sessions');
  await row(page, bobSession).waitFor();
  const after = toSeconds(await rowText(page, bobSession, 0));
  assert(before - after >= 115, `access countdown jumped by ~2m: ${before}s → ${after}s`);
  await shot(page, '05-sessions-after-clock-advance');
  // +16m in total: fresh access tokens expire, refresh tokens stay valid.
  await gotoTab(page, 'Clock & faults');
  await page.getByRole('button', { name: '+15m', exact: true }).click();
  await gotoTab(page, 'Sessions');
  await row(page, bobSession).locator('.badge', { hasText: 'Access expired' }).waitFor({ timeout: 5000 });
  eq(await rowText(page, bobSession, 0), 'expired', 'access countdown after +17m');
  eq((await bob.authCheck()).status, 401, 'bob auth-check after +17m');
  eq((await bob.refresh()).status, 200, 'bob refresh still works');
  await row(page, bobSession).locator('.badge', { hasText: 'Active' }).waitFor({ timeout: 5000 });
});

test('a fault shows up hit in the request log', async () => {
  const { page, bob } = ctx;
  await gotoTab(page, 'Clock & faults');
  const form = page.getByRole('form', { name: 'Add a fault' });
  await form.locator('input[name=route]').fill('/token/refresh/');
  await form.locator('input[name=status]').fill('503');
  await form.locator('input[name=count]').fill('1');
  await form.getByRole('button', { name: 'Add fault' }).click();
  const faultRow = page.locator('table.faults tbody tr', { hasText: '/token/refresh/' });
  await faultRow.waitFor({ timeout: 5000 });
  await shot(page, '06-clock-and-faults');
  const r = await bob.refresh();
  eq(r.status, 503, 'refresh while the fault applies');
  // A fault for 1 request is used up: it shows 1 hit or leaves the list.
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('table.faults tbody tr')].find((tr) => tr.textContent.includes('/token/refresh/'));
    return !r || r.children[3].textContent.trim() === '1';
  }, null, { timeout: 5000 });
  eq((await bob.refresh()).status, 200, 'the fault applied once');
  await gotoTab(page, 'Requests');
  const hit = page.locator('tr.row', { hasText: '/token/refresh/' }).filter({ has: page.locator('.status', { hasText: '503' }) });
  await hit.first().waitFor({ timeout: 5000 });
  const note = await hit.first().locator('td.note').textContent();
  assert(/fault/.test(note), `the request row names the fault, got ${JSON.stringify(note)}`);
  await noHorizontalOverflow(page, 'requests');
  await shot(page, '07-requests');
  // Details with cookies decoded.
  await page.locator('tr.row', { hasText: '/token/refresh/' }).filter({ has: page.locator('.status', { hasText: '200' }) }).first()
    .getByRole('button').click();
  const drawer = page.getByRole('dialog');
  await drawer.getByText('Cookies received').waitFor();
  await drawer.getByText('refresh_token').first().waitFor();
  await drawer.getByText('"token_type"').first().waitFor();
  await shot(page, '08-request-details');
  await page.keyboard.press('Escape');
});

test('request log filters and pause', async () => {
  const { page, bob } = ctx;
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('5xx');
  await page.locator('tr.row').first().waitFor();
  const statuses = await page.locator('tr.row .status').allTextContents();
  assert(statuses.length > 0 && statuses.every((s) => s.startsWith('5')), `only 5xx rows: ${statuses}`);
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('');
  await page.getByRole('button', { name: 'Pause' }).click();
  const before = await page.locator('tr.row').count();
  await bob.authCheck();
  await page.getByText('paused, 1 new').waitFor({ timeout: 5000 });
  eq(await page.locator('tr.row').count(), before, 'paused log does not grow');
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('tr.row').length === n + 1, before);
});

test('users: validators inline, create, deactivate, per-user sessions', async () => {
  const { page } = ctx;
  await gotoTab(page, 'Users');
  await page.locator('table.users tbody tr', { hasText: 'alice' }).waitFor();
  await page.getByRole('button', { name: 'New user' }).click();
  const form = page.getByRole('form', { name: 'Create user' });
  await form.locator('input[name=username]').fill('alice');
  await form.locator('input[name=password]').fill(PASSWORD);
  await form.getByRole('button', { name: 'Create user' }).click();
  const userMsg = await form.locator('.field-error[data-field=username]').textContent({ timeout: 5000 });
  assert(/already exists/.test(userMsg), `Django's username message, got ${userMsg}`);
  await form.locator('input[name=username]').fill('carol');
  await form.locator('input[name=password]').fill('123');
  await form.getByRole('button', { name: 'Create user' }).click();
  const msg = await form.locator('.field-error[data-field=password]').textContent({ timeout: 5000 });
  assert(/too short|too common|entirely numeric/.test(msg), `Django's password messages, got ${msg}`);
  await noHorizontalOverflow(page, 'users');
  await shot(page, '09-users-validation');
  await form.locator('input[name=username]').fill('carol');
  await form.locator('input[name=password]').fill(PASSWORD);
  await form.getByRole('button', { name: 'Create user' }).click();
  const carol = page.locator('table.users tbody tr', { hasText: 'carol' });
  await carol.waitFor({ timeout: 5000 });
  await carol.getByRole('button', { name: 'Deactivate' }).click();
  await carol.locator('.badge', { hasText: 'Inactive' }).waitFor({ timeout: 5000 });
  await page.locator('table.users tbody tr', { hasText: 'bob' }).getByRole('button', { name: '1' }).click();
  await page.locator('.chip', { hasText: 'bob' }).waitFor();
  eq(await page.locator('tr[data-session]').count(), 1, "only bob's session");
  await page.getByRole('button', { name: "Show all users' sessions" }).click();
  await gotoTab(page, 'Users');
  await shot(page, '10-users');
});

test('settings show sources and edit live', async () => {
  const { page, base } = ctx;
  await gotoTab(page, 'Settings');
  const lifetime = page.locator('table.settings tr', { hasText: 'access_token_lifetime' });
  await lifetime.waitFor();
  await lifetime.locator('.badge', { hasText: 'default' }).waitFor();
  await lifetime.locator('input[type=text]').fill('5m');
  await lifetime.getByRole('button', { name: 'Apply' }).click();
  await lifetime.locator('.badge', { hasText: 'runtime' }).waitFor({ timeout: 5000 });
  const s = await control(base, 'GET', '/settings');
  eq(s.settings.access_token_lifetime.value, '5m', 'PATCHed through the UI');
  await noHorizontalOverflow(page, 'settings');
  await shot(page, '11-settings');
});

test('token decoder', async () => {
  const { page, bob } = ctx;
  await gotoTab(page, 'Token decoder');
  await page.getByText('Nothing to decode').waitFor();
  await page.getByRole('textbox', { name: 'JWT to decode' }).fill(bob.jar.access_token);
  await page.locator('.verdict').waitFor({ timeout: 5000 });
  await page.getByText('"token_type": "access"').waitFor();
  await noHorizontalOverflow(page, 'decoder');
  await shot(page, '12-token-decoder');
});

test('keyboard: tabs are reachable and Expire all asks first', async () => {
  const { page } = ctx;
  await gotoTab(page, 'Sessions');
  await page.locator('#expire-all').focus();
  await page.keyboard.press('Enter');
  await page.getByText('Expire every session?').waitFor();
  await page.getByRole('button', { name: 'Expire all', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('tr[data-session] .badge')].every((b) => !/^Active$/.test(b.textContent)));
  await shot(page, '13-sessions-all-expired');
});

test('dark theme', async () => {
  const { page } = ctx;
  await page.emulateMedia({ colorScheme: 'dark' });
  await gotoTab(page, 'Sessions');
  await page.waitForTimeout(200);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert(bg !== 'rgb(246, 247, 249)', `dark background, got ${bg}`);
  await shot(page, '14-sessions-dark');
  await gotoTab(page, 'Clock & faults');
  await shot(page, '15-clock-dark');
  await page.emulateMedia({ colorScheme: 'light' });
});

test('1000 sessions and a long request log stay responsive', async () => {
  const { page, base } = ctx;
  if (process.env.E2E_SKIP_STRESS) return;
  const fe = new Frontend(base);
  await control(base, 'POST', '/users', { username: 'load', password: PASSWORD });
  const t0 = Date.now();
  for (let i = 0; i < 1000; i += 25) {
    await Promise.all(Array.from({ length: 25 }, () => new Frontend(base).login('load')));
  }
  const loginMs = Date.now() - t0;
  await gotoTab(page, 'Sessions');
  await page.waitForFunction(() => /1\d{3} total|10\d\d total/.test(document.querySelector('.sub')?.textContent || ''), null, { timeout: 60000 });
  // Switching screens with a full log and 1000 sessions must stay quick.
  const t1 = Date.now();
  await gotoTab(page, 'Requests');
  await page.locator('tr.row').first().waitFor();
  await gotoTab(page, 'Sessions');
  await page.locator('tr[data-session]').first().waitFor();
  const switchMs = Date.now() - t1;
  const pageInfo = await page.locator('.pager span').textContent();
  console.log(`    1000 logins in ${loginMs} ms; requests+sessions screens in ${switchMs} ms; sessions pager: ${pageInfo}`);
  assert(switchMs < 3000, `screen switches took ${switchMs} ms`);
  await shot(page, '16-sessions-1000');
});

// ---------------------------------------------------------------------------------------

async function main() {
  const only = process.argv[2];
  const selected = tests.filter((t) => !only || t.name.includes(only));
  const { url: base, child } = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.E2E_HEADFUL,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: VIEWPORT });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.setDefaultTimeout(8000);
  ctx = { base, page };
  let passed = 0, failed = 0;
  console.log(`latchkey at ${base}; chromium ${browser.version()}`);
  for (const t of selected) {
    const start = Date.now();
    try {
      await t.fn();
      const errs = consoleErrors.splice(0).filter((e) => !/favicon|net::ERR_ABORTED|Failed to load resource: the server responded with a status of 4\d\d/.test(e));
      if (errs.length) throw new Error(`console errors:\n  ${errs.join('\n  ')}`);
      passed++;
      console.log(`  ok   ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed++;
      console.log(`  FAIL ${t.name}\n       ${String(e.stack || e).split('\n').slice(0, 6).join('\n       ')}`);
      try { await page.screenshot({ path: path.join(shots, `FAILED-${t.name.replace(/\W+/g, '-')}.png`) }); } catch {}
    }
  }
  await browser.close();
  child.kill('SIGTERM');
  console.log(`screenshots in ${path.relative(process.cwd(), shots) || '.'}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
