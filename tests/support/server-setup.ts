import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyLocalMigrations, startWrangler, type RunningServer } from '../../scripts/lib/wrangler';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
  }
}

/**
 * Starts the real worker under `wrangler dev` with its own temporary local D1, on a free port,
 * so tests never touch the data of `npm start` and can run beside it (architecture §7).
 */
export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(join(tmpdir(), 'margin-test-d1-'));
  await applyLocalMigrations(persistTo);
  // Tests may run the daily maintenance on demand (GET /__scheduled), with tombstones purged at once.
  const server: RunningServer = await startWrangler({
    persistTo,
    extraArgs: [
      '--test-scheduled',
      '--var',
      'TOMBSTONE_TTL_DAYS:0',
      '--var',
      'RATE_LIMIT_PER_MINUTE:100000',
      '--var',
      'AUTH_FAILURES_PER_MINUTE:100000',
    ],
  });
  project.provide('serverUrl', server.url);
  return async () => {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
