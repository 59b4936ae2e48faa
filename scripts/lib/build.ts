import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './wrangler';

/** Where each build lands: `production` is the store build; `demo` also matches the local demo pages. */
export function extensionDir(mode: 'production' | 'demo'): string {
  return join(ROOT, '.output', mode === 'production' ? 'chrome-mv3' : 'chrome-mv3-demo');
}

/** Builds the extension with WXT; the (noisy) build output is returned, to show only on failure. */
export function buildExtension(mode: 'production' | 'demo'): { ok: boolean; output: string; dir: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build', '--mode', mode], {
    cwd: ROOT,
    encoding: 'utf8',
    // Under vitest NODE_ENV is "test", which would bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, dir: extensionDir(mode) };
}
