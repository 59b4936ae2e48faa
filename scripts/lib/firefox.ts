import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
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

/** Firefox's build must be at least the manifest's strict_min_version (Debian's bookworm-security ESR is 153). */
export const FIREFOX_MIN_VERSION = 142;
const FIREFOX_CANDIDATES = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];

/** The system Firefox; the Firefox e2e suite fails (never skips) without one new enough. */
export function findFirefox(): string {
  for (const path of FIREFOX_CANDIDATES) {
    if (!path || !existsSync(path)) continue;
    const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout ?? '';
    const major = Number(/(\d+)\./.exec(version)?.[1] ?? 0);
    if (major >= FIREFOX_MIN_VERSION) return path;
  }
  throw new Error(
    `No Firefox ${FIREFOX_MIN_VERSION} or newer found for the Firefox end-to-end tests. Install it with ` +
      '`sudo apt-get update && sudo apt-get install -y firefox-esr` (Debian bookworm-security has 153 ESR), ' +
      'or set FIREFOX_PATH.',
  );
}

/** The add-on id in the Firefox manifest (wxt.config.ts). */
export const GECKO_ID = 'margin@margin.example';

/** A browsing context as puppeteer's BiDi frame holds it (not in its public types). */
interface BidiContext {
  navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<unknown>;
}

export interface FirefoxProfile {
  browser: Browser;
  /** The moz-extension:// host, pinned by a pref so tests know it before install. */
  base: string;
  /** A new tab showing one of the extension's pages. */
  page(path: string): Promise<Page>;
  /** Navigates a tab (an extension page or a web page) and waits for its load. */
  goto(page: Page, url: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fresh Firefox (headless, its own temporary profile) with an extension build installed as a
 * temporary add-on, driven over WebDriver BiDi by puppeteer-core (architecture §7). Optional
 * permission requests resolve without a prompt, so a site grant is tested end to end.
 */
export async function launchFirefoxProfile(
  extensionDir: string,
  options: { prefs?: Record<string, unknown> } = {},
): Promise<FirefoxProfile> {
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    args: ['--remote-allow-system-access', '--width=1280', '--height=900'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      'extensions.webextOptionalPermissionPrompts': false,
      ...options.prefs,
    },
  });
  try {
    await browser.installExtension(extensionDir);
  } catch (error) {
    await browser.close();
    throw error;
  }
  const base = `moz-extension://${uuid}`;
  const goto = async (page: Page, url: string) => {
    // page.goto to a moz-extension:// page never resolves under BiDi; the browsing context's own navigate does.
    await (page.mainFrame() as unknown as { browsingContext: BidiContext }).browsingContext.navigate(url, 'complete');
  };
  const page = async (path: string) => {
    const tab = await browser.newPage();
    await goto(tab, `${base}/${path}`);
    return tab;
  };
  return {
    browser,
    base,
    page,
    goto,
    close: () => browser.close(),
  };
}
