import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Prints the closing `N passed, N failed` line (and writes it to test-results/summary.json
 * so scripts/run-e2e.mjs can repeat it as the very last line after stopping the servers).
 * Filtered-out tests (e.g. --grep-invert @control-plane) are not counted; skipped ones are
 * reported on their own line.
 */
export default class SummaryReporter implements Reporter {
  private outcomes = new Map<TestCase, string>();

  onTestEnd(test: TestCase, _result: TestResult) {
    this.outcomes.set(test, test.outcome());
  }

  onEnd(result: FullResult) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const outcome of this.outcomes.values()) {
      if (outcome === 'expected' || outcome === 'flaky') passed++;
      else if (outcome === 'skipped') skipped++;
      else failed++;
    }
    // A run that broke before any test (config error, global timeout) is a failure too.
    if (result.status !== 'passed' && failed === 0 && passed === 0) failed = 1;
    const line = `${passed} passed, ${failed} failed`;
    const dir = path.join(__dirname, '..', 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify({ passed, failed, skipped, line }) + '\n');
    if (skipped) console.log(`${skipped} skipped`);
    if (!process.env.E2E_WRAPPER) console.log(line);
  }

  printsToStdio() {
    return true;
  }
}
