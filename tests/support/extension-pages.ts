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
  return page.locator(selector).getAttribute('data-kind', { timeout: 1000 }).catch(() => null);
}
