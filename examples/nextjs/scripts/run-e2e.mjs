#!/usr/bin/env node
// `npm test`: build Latchkey and the Next.js app, start both on free ports, run the
// Playwright suite against them, stop both, and end with the line `N passed, N failed`.
//
//   npm test                              # everything
//   npm test -- --no-control-plane        # leave out tests tagged @control-plane
//   npm test -- --skip-build              # reuse the existing Latchkey binary and .next build
//   npm test -- -g "wrong password"       # anything else goes to `playwright test`
//   npm test -- --api-url http://localhost:8000 --app-port 3000
//                                         # test against a backend that is already running
//                                         # (e.g. the real Django reference); implies
//                                         # --no-control-plane
//
// Environment:
//   LATCHKEY_BIN=/path/to/latchkey        use this binary instead of `cargo build --release`
//   LATCHKEY_CONTROL_PLANE=0              same as --no-control-plane
//   CHROMIUM_PATH=/usr/bin/chromium       the browser (never downloaded)

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url))); // examples/nextjs
const repoRoot = path.resolve(here, '..', '..');
const resultsDir = path.join(here, 'test-results');
const logDir = path.join(resultsDir, 'logs');

// Both servers are addressed as `localhost`: the auth cookies are SameSite=Lax and host-only,
// and "same site" ignores ports but not host names (see README).
const HOST = 'localhost';

const argv = process.argv.slice(2);
const take = (flag) => {
  const i = argv.indexOf(flag);
  if (i === -1) return false;
  argv.splice(i, 1);
  return true;
};
const takeValue = (flag) => {
  const i = argv.indexOf(flag);
  if (i === -1) return undefined;
  const [, value] = argv.splice(i, 2);
  if (!value) throw new Error(`${flag} needs a value`);
  return value;
};
const externalApi = takeValue('--api-url')?.replace(/\/+$/, '');
const fixedAppPort = takeValue('--app-port');
const noControlPlane =
  take('--no-control-plane') || process.env.LATCHKEY_CONTROL_PLANE === '0' || Boolean(externalApi);
const skipBuild = take('--skip-build');
const playwrightArgs = argv[0] === '--' ? argv.slice(1) : argv;

const children = [];
let finalLine = null;

function log(msg) {
  console.log(`[e2e] ${msg}`);
}

function run(cmd, args, opts = {}) {
  log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} exited with ${r.status}`);
}

function latchkeyBinary() {
  if (process.env.LATCHKEY_BIN) {
    const bin = path.resolve(process.env.LATCHKEY_BIN);
    if (!fs.existsSync(bin)) throw new Error(`LATCHKEY_BIN=${bin} does not exist`);
    return bin;
  }
  const meta = spawnSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (meta.status !== 0) throw new Error(`cargo metadata failed: ${meta.stderr}`);
  const bin = path.join(JSON.parse(meta.stdout).target_directory, 'release', 'latchkey');
  if (!(skipBuild && fs.existsSync(bin))) run('cargo', ['build', '--release', '-p', 'latchkey'], { cwd: repoRoot });
  return bin;
}

function nextBuild() {
  if (skipBuild && fs.existsSync(path.join(here, '.next', 'BUILD_ID'))) return;
  run(process.execPath, [path.join(here, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { cwd: here });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a long-running child in its own process group, output to a log file. */
function start(name, cmd, args, opts) {
  const out = fs.openSync(path.join(logDir, `${name}.log`), 'w');
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', out], detached: true });
  child.stdout.on('data', (d) => fs.writeSync(out, d));
  child.name = name;
  children.push(child);
  child.on('exit', (code, signal) => {
    child.exited = true;
    if (!child.stopping) log(`${name} exited early (code ${code}, signal ${signal}); see ${path.relative(here, path.join(logDir, name + '.log'))}`);
  });
  return child;
}

/** Resolves with the first stdout match of `re`, or rejects after `ms` or on exit. */
function waitForLine(child, re, ms) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${child.name}: no ready line within ${ms} ms`)), ms);
    child.stdout.on('data', (d) => {
      buf += d.toString();
      const m = buf.match(re);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`${child.name} exited before it was ready`));
    });
  });
}

/** Polls `url` until it answers with any HTTP status (bounded: `ms`, every 100 ms). */
async function waitForHttp(name, url, ok, ms) {
  const deadline = Date.now() + ms;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      if (ok(res.status)) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer ${url} within ${ms} ms (${last})`);
}

async function stopAll() {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exited) return resolve();
          child.stopping = true;
          const kill = (sig) => {
            try {
              process.kill(-child.pid, sig); // the group we created (detached: true)
            } catch {
              /* already gone */
            }
          };
          const hard = setTimeout(() => kill('SIGKILL'), 5000);
          child.on('exit', () => {
            clearTimeout(hard);
            resolve();
          });
          kill('SIGTERM');
        }),
    ),
  );
}

async function main() {
  fs.rmSync(path.join(resultsDir, 'screenshots'), { recursive: true, force: true });
  fs.rmSync(path.join(resultsDir, 'summary.json'), { force: true });
  fs.mkdirSync(logDir, { recursive: true });

  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    throw new Error(`${chromium} not found: apt-get install -y chromium (no browser is downloaded)`);
  }

  const bin = externalApi ? null : latchkeyBinary();
  nextBuild();

  const appPort = fixedAppPort ? Number(fixedAppPort) : await freePort();
  const appUrl = `http://${HOST}:${appPort}`;
  const apiUrl = externalApi ?? (await startLatchkey(bin, appUrl));
  if (externalApi) {
    await waitForHttp('backend', `${apiUrl}/auth-check/`, (s) => s === 401, 30_000);
    log(`using the backend at ${apiUrl} (nothing started for it)`);
  }

  const nextBin = path.join(here, 'node_modules', 'next', 'dist', 'bin', 'next');
  log(`$ API_URL=${apiUrl} next start -p ${appPort} -H ${HOST}`);
  start('next', process.execPath, [nextBin, 'start', '-p', String(appPort), '-H', HOST], {
    cwd: here,
    env: { ...process.env, API_URL: apiUrl, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  await waitForHttp('next', `${appUrl}/login`, (s) => s === 200, 60_000);
  log(`next ready at ${appUrl}`);

  const pwArgs = [path.join(here, 'node_modules', '@playwright', 'test', 'cli.js'), 'test'];
  if (noControlPlane) pwArgs.push('--grep-invert', '@control-plane');
  pwArgs.push(...playwrightArgs);
  log(`$ playwright ${pwArgs.slice(1).join(' ')}${noControlPlane ? '   (control-plane tests left out)' : ''}`);
  const pw = spawnSync(process.execPath, pwArgs, {
    cwd: here,
    stdio: 'inherit',
    env: {
      ...process.env,
      APP_URL: appUrl,
      LATCHKEY_URL: apiUrl,
      CHROMIUM_PATH: chromium,
      E2E_WRAPPER: '1',
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
    },
  });
  try {
    finalLine = JSON.parse(fs.readFileSync(path.join(resultsDir, 'summary.json'), 'utf8')).line;
  } catch {
    finalLine = null;
  }
  return pw.status === 0 && finalLine !== null ? 0 : 1;
}

async function startLatchkey(bin, appUrl) {
  // With the control plane, Latchkey reads this example's latchkey.toml (the mock
  // /api/profile/ route). Without it, it starts in an empty directory, so no file is read.
  const lkArgs = ['serve', '--in-memory', '--port', '0', '--fast-hash', '--cors-origin', appUrl];
  if (!noControlPlane) lkArgs.push('--config', path.join(here, 'latchkey.toml'));
  const lkCwd = noControlPlane ? fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-e2e-')) : here;
  if (lkCwd !== here) process.on('exit', () => fs.rmSync(lkCwd, { recursive: true, force: true }));
  log(`$ ${bin} ${lkArgs.join(' ')}`);
  const latchkey = start('latchkey', bin, lkArgs, { cwd: lkCwd, env: { ...process.env, LATCHKEY_LOG: 'warn' } });
  let lkUrl;
  try {
    [, lkUrl] = await waitForLine(latchkey, /Latchkey ready on (http:\/\/\S+)/, 30_000);
  } catch (e) {
    const tail = fs.readFileSync(path.join(logDir, 'latchkey.log'), 'utf8').trim().split('\n').slice(-5);
    throw new Error(`${e.message}\n${tail.map((l) => '    ' + l).join('\n')}`);
  }
  const apiUrl = `http://${HOST}:${new URL(lkUrl).port}`;
  await waitForHttp('latchkey', `${apiUrl}/auth-check/`, (s) => s === 401, 30_000);
  log(`latchkey ready at ${apiUrl}`);
  return apiUrl;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    log(`${sig}: stopping the servers`);
    await stopAll();
    process.exit(130);
  });
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`[e2e] ${e.message}`);
  code = 1;
} finally {
  await stopAll();
}
console.log(finalLine ?? '0 passed, 1 failed');
process.exit(code);
