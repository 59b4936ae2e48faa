import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the plain closing line CI reads, `N passed, N failed`, summed over every project.
 * A test file that could not run at all (a failed setup, say) counts as one failure, so a
 * broken suite can never look green.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let counted = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        counted++;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (counted === 0 && module.state() === 'failed') failed++;
    }
    if (testModules.length === 0 || unhandledErrors.length > 0) failed += Math.max(1, unhandledErrors.length);
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
