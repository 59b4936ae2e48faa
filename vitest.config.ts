import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations(fileURLToPath(new URL('./worker/migrations', import.meta.url)));

/** One `vitest run`, five projects: unit (Node), worker (workerd + local D1), ext (Node + fake-indexeddb), e2e (Chromium), then e2e-firefox. */
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                RATE_LIMIT_PER_MINUTE: '100000',
                AUTH_FAILURES_PER_MINUTE: '100000',
              },
            },
          }),
        ],
        test: {
          name: 'worker',
          include: ['tests/worker/**/*.test.ts'],
          setupFiles: ['tests/worker/apply-migrations.ts'],
        },
      },
      {
        test: {
          name: 'ext',
          include: ['tests/ext/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['fake-indexeddb/auto'],
          globalSetup: ['tests/support/server-setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/server-setup.ts', 'tests/e2e/build-extension.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // After the unit, worker and ext projects (which run together), one file at a time.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e-firefox',
          include: ['tests/e2e-firefox/**/*.test.ts'],
          environment: 'node',
          globalSetup: [
            'tests/support/server-setup.ts',
            'tests/e2e/build-extension.ts',
            'tests/e2e-firefox/build-firefox.ts',
          ],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // After Chromium's: one Firefox at a time on a 2-core machine, and never beside Chromium's.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
