import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ExtensionProfile } from '../../scripts/lib/chromium';

/** Waits until a signed-in profile's first sync is done, so the team's records are in its cache. */
export async function waitForFirstSync(profile: ExtensionProfile): Promise<void> {
  const panel = await profile.page('sidepanel.html');
  await expect.poll(() => panel.getByTestId('sync-status').innerText(), { timeout: 20_000 }).toMatch(/^Synced/);
  await panel.close();
}

/** What the in-page chip says the page is about (`contact`, `unknown`, `account`), or null while there is none. */
export function chipKind(page: Page, selector = 'margin-chip'): Promise<string | null> {
  return page
    .locator(selector)
    .getAttribute('data-kind', { timeout: 1000 })
    .catch(() => null);
}

/**
 * Presses the extension's toolbar button on the tab showing `page`, as a person would (CDP
 * `Extensions.triggerAction`; the profile needs `extensionDebugging`). Chrome grants activeTab for it.
 */
export async function pressToolbarButton(profile: ExtensionProfile, page: Page): Promise<void> {
  const browser = profile.context.browser();
  if (!browser) throw new Error('no browser connection for CDP');
  await page.bringToFront(); // the button acts on the tab the person is looking at
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tab = targetInfos.find((t) => t.url === page.url());
    if (!tab) throw new Error(`no tab target for ${page.url()}`);
    await cdp.send('Extensions.triggerAction' as never, { id: profile.extensionId, targetId: tab.targetId } as never);
  } finally {
    await cdp.detach();
  }
}

/** The id Chrome gave the tab showing `page` (for the action's per-tab badge). */
export async function tabIdOf(profile: ExtensionProfile, page: Page): Promise<number> {
  const url = page.url();
  // Runs in the extension's service worker, where `chrome` is the extension API.
  const id = await profile.worker.evaluate(async (u) => {
    const api = (globalThis as unknown as { chrome: typeof browser }).chrome;
    return (await api.tabs.query({})).find((t) => t.url === u)?.id;
  }, url);
  if (id === undefined) throw new Error(`no tab for ${url}`);
  return id;
}

/** The toolbar button's badge text on one tab. */
export function badgeText(profile: ExtensionProfile, tabId: number): Promise<string> {
  return profile.worker.evaluate(
    (id) => (globalThis as unknown as { chrome: typeof browser }).chrome.action.getBadgeText({ tabId: id }),
    tabId,
  );
}
