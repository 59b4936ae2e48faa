import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
];

/** The system Chromium; the e2e suite fails (never skips) without one. */
export function findChromium(): string {
  const found = CANDIDATES.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found for the end-to-end tests. Install it with `sudo apt-get install -y chromium` ' +
        '(Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return found;
}

export interface ExtensionProfile {
  context: BrowserContext;
  userDataDir: string;
  worker: Worker;
  extensionId: string;
  page(
    path: 'sidepanel.html' | 'options.html' | 'popup.html' | `pipeline.html${string}` | `portfolio.html${string}`,
  ): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A fresh browser profile with the built extension loaded (architecture §7 flags). `extensionDebugging`
 * lets a test press the toolbar button through CDP (`Extensions.triggerAction`), which grants activeTab.
 * `locale` is the browser's language (navigator.languages, Accept-Language), as a rep's would be.
 */
export async function launchProfile(
  extensionDir: string,
  options: { extensionDebugging?: boolean; locale?: string } = {},
): Promise<ExtensionProfile> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'margin-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 420, height: 900 },
    ...(options.locale ? { locale: options.locale } : {}),
    args: [
      ...(options.locale ? [`--lang=${options.locale}`] : []),
      `--load-extension=${extensionDir}`,
      `--disable-extensions-except=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...(options.extensionDebugging ? ['--enable-unsafe-extension-debugging'] : []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    userDataDir,
    worker,
    extensionId,
    async page(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Fills the options page's sign-in form (English labels); returns its Sign in button, not yet pressed. */
export async function fillSignInForm(options: Page, serverUrl: string, code: string, name: string) {
  await options.getByLabel('Server address').fill(serverUrl);
  await options.getByLabel('Sign-in code or invite link').fill(code);
  await options.getByLabel('Your name').fill(name);
  return options.getByRole('button', { name: 'Sign in' });
}

/** Signs a profile in through the options page, as a person would. */
export async function signIn(profile: ExtensionProfile, serverUrl: string, code: string, name: string): Promise<void> {
  const options = await profile.page('options.html');
  await (await fillSignInForm(options, serverUrl, code, name)).click();
  await options.getByTestId('signed-in').waitFor({ timeout: 20_000 });
  await options.close();
}
