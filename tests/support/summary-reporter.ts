import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the plain closing line CI reads, `N passed, N failed`, summed over every project.
 * A test file that failed without a failed test (its setup or a `beforeAll` failed, and its
 * tests were skipped) counts as one failure, so a broken suite can never look green.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      failed += failedHere;
      if (failedHere === 0 && module.state() === 'failed') failed++;
    }
    if (testModules.length === 0 || unhandledErrors.length > 0) failed += Math.max(1, unhandledErrors.length);
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
