import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './wrangler';

export const FIREFOX_DIR = join(ROOT, '.output', 'firefox-mv3');

/** Builds the Firefox build (`wxt build -b firefox`) into .output/firefox-mv3. */
export function buildFirefox(): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build', '-b', 'firefox'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' }, // not vitest's "test": React's production build
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

/** Runs Mozilla's `web-ext lint` on the Firefox build; ok only with no errors, warnings or notices. */
export function lintFirefoxBuild(dir = FIREFOX_DIR): {
  ok: boolean;
  summary: { errors: number; warnings: number; notices: number };
  messages: string[];
} {
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/web-ext/bin/web-ext.js'),
      'lint',
      '--source-dir',
      dir,
      '--output',
      'json',
      '--no-config-discovery',
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WEB_EXT_NO_UPDATE_NOTIFIER: '1', NO_UPDATE_NOTIFIER: '1' },
    },
  );
  const start = result.stdout.indexOf('{');
  if (start < 0) throw new Error(`web-ext lint printed no report:\n${result.stdout}${result.stderr}`);
  const report = JSON.parse(result.stdout.slice(start)) as {
    summary: { errors: number; warnings: number; notices: number };
    errors: LintMessage[];
    warnings: LintMessage[];
    notices: LintMessage[];
  };
  const messages = [...report.errors, ...report.warnings, ...report.notices].map(
    (m) => `${m.code}: ${m.message}${m.file ? ` (${m.file})` : ''}`,
  );
  return { ok: messages.length === 0, summary: report.summary, messages };
}
