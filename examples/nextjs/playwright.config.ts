import { defineConfig } from '@playwright/test';

/**
 * Run through `npm test` (scripts/run-e2e.mjs), which builds and starts Latchkey and the
 * Next.js production server and passes their URLs in APP_URL / LATCHKEY_URL.
 *
 * No browser is downloaded: the Debian `chromium` package is used through executablePath.
 */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results/artifacts',
  // One Latchkey with one clock and one fault table serves the whole run: no parallelism.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list'], ['./tests/summary-reporter.ts']],
  use: {
    baseURL: process.env.APP_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
