import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { pushRecords } from '../../scripts/lib/seed';
import { freePort } from '../../scripts/lib/wrangler';
import { serveStatic } from '../../scripts/lib/static-server';
import { launchProfile, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createTeam, joinAs } from '../support/team';
import { badgeText, chipKind, pressToolbarButton, tabIdOf, waitForFirstSync } from '../support/extension-pages';
import { readmeScreenshot } from '../support/screenshots';

const serverUrl = inject('serverUrl');
/** Demo build: its content script also matches 127.0.0.1, as a site the rep allowed would be. */
const demoDir = inject('extensionDir');
/** Store build: no grant for anything but webmail. */
const productionDir = inject('productionDir');

const fixture = (name: string) => ({
  file: join(process.cwd(), 'tests/fixtures/pages', name),
  type: 'text/html; charset=utf-8',
});
const DEPOT = `<!doctype html><html><head><meta charset="utf-8"><title>Depot Hamburg-Billbrook</title><meta property="og:site_name" content="Nordlicht Depot Hamburg"></head><body><h1>Depot Billbrook</h1><p>Opening 2027.</p></body></html>`;

/** How many ranges Margin highlights as known contacts' addresses (the CSS highlight registry is the page's). */
function knownMarks(page: Page): Promise<number> {
  return page.evaluate(() => (CSS.highlights.get('margin-known-contact') as Set<AbstractRange> | undefined)?.size ?? 0);
}

describe('research overlay on ordinary web pages', () => {
  let pages: { url: string; server: Server };
  let a: ExtensionProfile;
  let b: ExtensionProfile;

  beforeAll(async () => {
    pages = await serveStatic(
      { '/company': fixture('company.html'), '/news': fixture('news.html'), '/profile': fixture('profile.html') },
      await freePort(),
    );
    const owner = await createTeam(serverUrl, 'Research Team', 'Olivia Owner');
    const by = { memberId: owner.member.id, now: Date.now() };
    const nordlicht = buildRecord(
      'account',
      {
        name: 'Nordlicht Logistik',
        domains: ['nordlicht-logistik.de'],
        tier: 'A',
        kind: 'strategic',
        ownerId: owner.member.id,
        scores: { fit: 8 },
      },
      by,
    );
    const jonas = buildRecord(
      'contact',
      {
        name: 'Jonas Weber',
        emails: ['j.weber@nordlicht-logistik.de'],
        title: 'Managing Director',
        accountId: nordlicht.id,
      },
      by,
    );
    await pushRecords(serverUrl, owner.token, [
      buildRecord(
        'settings',
        {
          cadenceDays: { A: 14, B: 30, C: 90 },
          internalDomains: ['margin-e2e.example'],
          scorecard: [{ id: 'fit', label: 'Fit', family: 'attractiveness', weight: 1 }],
        },
        by,
      ),
      nordlicht,
      jonas,
      buildRecord(
        'task',
        { subjectId: nordlicht.id, title: 'Send the Billbrook warehouse quote', dueAt: Date.now() + 3 * 86_400_000 },
        by,
      ),
      buildRecord('note', { subjectId: jonas.id, body: 'Jonas decides on new sites himself.' }, by),
      buildRecord(
        'interaction',
        {
          subjectIds: [nordlicht.id, jonas.id],
          kind: 'call',
          at: Date.now() - 5 * 86_400_000,
          summary: 'Call about the 2027 volumes',
        },
        by,
      ),
    ]);
    [a, b] = await Promise.all([launchProfile(demoDir), launchProfile(productionDir, { extensionDebugging: true })]);
    await b.context.route('https://nordlicht.hamburg/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: DEPOT }),
    );
    await joinAs(a, serverUrl, owner.token, 'Alice Rep');
    await joinAs(b, serverUrl, owner.token, 'Bob Rep');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    pages?.server.close();
  });

  it('recognises a company site: marker, known addresses marked, badge, research view, and capture from the page', async () => {
    await waitForFirstSync(a);
    const site = await a.context.newPage();
    await site.goto(`${pages.url}/company`);
    // Recognised by the organisation's site in its JSON-LD (the page itself is on 127.0.0.1).
    await expect.poll(() => chipKind(site), { timeout: 15_000 }).toBe('account');
    expect(await site.locator('margin-chip').getAttribute('data-floating')).toBe('');
    await expect.poll(() => knownMarks(site)).toBe(1); // Jonas's address; Lena and info@ are not contacts
    expect(await badgeText(a, await tabIdOf(a, site))).toBe('A');
    await site.screenshot({ path: join('test-results', 'research-company-page.png') });

    const panel = await a.page('sidepanel.html');
    const research = panel.getByTestId('research-account');
    await expect.poll(() => research.innerText(), { timeout: 15_000 }).toContain('Nordlicht Logistik');
    const card = await research.innerText();
    expect(card).toContain('strategic');
    expect(card).toContain('Olivia Owner');
    expect(card).toContain('8.0 / 10');
    expect(card).toContain('nordlicht-logistik.de');
    expect(card).toContain('matched by the site’s domain');
    expect(card).toContain('Send the Billbrook warehouse quote');
    expect(card).toMatch(/Jonas Weber[\s\S]*last touch/);

    // The timeline holds every interaction, note and task; filtered by kind and by person.
    const timeline = panel.getByTestId('timeline');
    await expect.poll(() => timeline.locator('li').count()).toBe(3);
    await panel.getByLabel('Show').selectOption('note');
    expect(await timeline.locator('li').allInnerTexts()).toEqual([
      expect.stringContaining('Jonas decides on new sites himself.'),
    ]);
    await panel.getByLabel('Show').selectOption('all');
    await panel.getByLabel('About').selectOption({ label: 'Jonas Weber' });
    expect(await timeline.locator('li').count()).toBe(2); // the call and the note; the task is the account's
    await panel.getByLabel('About').selectOption('all');
    await panel.screenshot({ path: join('test-results', 'research-view.png'), fullPage: true });
    await readmeScreenshot(a.context, 'research', site, panel);

    // An address on the page that is not a contact yet: one click from being one.
    await panel.getByRole('button', { name: 'Add contact: lena.hoffmann@nordlicht-logistik.de' }).click();
    const form = panel.getByRole('form', { name: 'Add lena.hoffmann@nordlicht-logistik.de as a contact' });
    await expect.poll(() => form.getByLabel('Name').inputValue()).toBe('Lena Hoffmann');
    await expect.poll(() => form.getByRole('radio', { name: /Nordlicht Logistik/ }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Save contact' }).click();
    await expect
      .poll(() => panel.getByRole('region', { name: 'People on this page' }).innerText())
      .toContain('Added Lena Hoffmann.');
    // The page marks her address too now.
    await expect.poll(() => knownMarks(site), { timeout: 10_000 }).toBe(2);

    // A note from text selected on the page keeps the page's address and title.
    await site.evaluate(() => {
      const paragraph = document.querySelector('main p')!;
      const range = document.createRange();
      range.selectNodeContents(paragraph);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await panel.getByRole('button', { name: 'Note from selected text' }).click();
    const noteForm = panel.getByRole('form', { name: 'Note from the page' });
    expect(await noteForm.getByLabel('From the page').inputValue()).toBe(
      'Since 1987 we run warehouses and transport for retail and industry in northern Germany.',
    );
    await noteForm.getByLabel('Your comment (optional)').fill('Good opener for the Billbrook call');
    await noteForm.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => timeline.innerText()).toContain('Good opener for the Billbrook call');
    const link = timeline.getByRole('link', { name: 'Contract logistics from Hamburg | Nordlicht Logistik' });
    expect(await link.getAttribute('href')).toBe(`${pages.url}/company`);
    await panel.close();
  });

  it('recognises a news article by the contact it names, and creates an account from an unknown profile page', async () => {
    const news = await a.context.newPage();
    await news.goto(`${pages.url}/news`);
    await expect.poll(() => chipKind(news), { timeout: 15_000 }).toBe('account');
    await expect.poll(() => knownMarks(news)).toBe(1);

    // "Add selection as a note in Margin" from the right-click menu: Chrome's menu cannot be clicked from
    // automation, so the capture it hands to the side panel (the background's only work there) is written directly.
    const newsTab = await tabIdOf(a, news);
    await a.worker.evaluate(
      ([tabId, url]) =>
        (globalThis as unknown as { chrome: typeof browser }).chrome.storage.session.set({
          [`capture:${tabId}`]: {
            kind: 'note',
            text: 'We are adding two sites in Billbrook',
            url,
            title: 'Northern ports see record warehouse demand – Harbour Daily',
            at: Date.now(),
          },
        }),
      [newsTab, news.url()] as const,
    );
    const newsPanel = await a.page('sidepanel.html');
    const captured = newsPanel.getByRole('form', { name: 'Note from the page' });
    await expect
      .poll(() => captured.getByLabel('From the page').inputValue(), { timeout: 10_000 })
      .toBe('We are adding two sites in Billbrook');
    await captured.getByRole('button', { name: 'Save note' }).click();
    await expect
      .poll(() => newsPanel.getByTestId('timeline').innerText())
      .toContain('We are adding two sites in Billbrook');
    expect(
      await newsPanel
        .getByTestId('timeline')
        .getByRole('link', { name: 'Northern ports see record warehouse demand – Harbour Daily' })
        .count(),
    ).toBe(1);
    await newsPanel.close();

    const profile = await a.context.newPage();
    await profile.goto(`${pages.url}/profile`);
    const panel = await a.page('sidepanel.html');
    await panel.getByRole('tab', { name: 'This page' }).click();
    await panel.getByTestId('unknown-page').getByRole('button', { name: 'Create account from this page' }).click();
    const form = panel.getByRole('form', { name: 'New account from this page' });
    // Reviewed before saving: name and domain from the page's JSON-LD.
    expect(await form.getByLabel('Name').inputValue()).toBe('华辰电子有限公司');
    expect(await form.getByLabel('Web domain').inputValue()).toBe('huachen-elec.cn');
    await form.getByLabel('Web domain').fill('not a domain');
    await form.getByRole('button', { name: 'Create account' }).click();
    expect(await form.getByRole('alert').innerText()).toContain('is not a web domain');
    await panel.screenshot({ path: join('test-results', 'research-create-account.png'), fullPage: true });
    await form.getByLabel('Web domain').fill('huachen-elec.cn');
    await form.getByRole('button', { name: 'Create account' }).click();
    // The page is looked up again: now it is the new account's.
    await expect
      .poll(() => panel.getByTestId('research-account').innerText(), { timeout: 10_000 })
      .toContain('华辰电子有限公司');
    await expect.poll(() => chipKind(profile)).toBe('account');
    await panel.close();
  });

  it('reads nothing without a grant; the toolbar button lets the rep read one page, and its domain is filed under an account', async () => {
    await waitForFirstSync(b);
    const site = await b.context.newPage();
    await site.goto(`${pages.url}/company`);
    const panel = await b.page('sidepanel.html');
    await panel.getByRole('tab', { name: 'This page' }).click();
    const access = panel.getByTestId('site-access');
    await expect.poll(() => access.innerText(), { timeout: 10_000 }).toContain('Margin is not reading 127.0.0.1');
    expect(await chipKind(site)).toBeNull();
    await panel.getByRole('button', { name: 'Read this page once' }).click();
    expect(await access.getByRole('alert').innerText()).toContain('Click the Margin button in the toolbar');
    await panel.screenshot({ path: join('test-results', 'research-site-access.png') });

    // The rep presses Margin's toolbar button on the page: Chrome grants activeTab for that tab, and
    // the popup it opens has the page read at once.
    await pressToolbarButton(b, site);
    await expect.poll(() => chipKind(site), { timeout: 10_000 }).toBe('account');
    await expect
      .poll(() => panel.getByTestId('research-account').innerText(), { timeout: 10_000 })
      .toContain('Nordlicht Logistik');

    // Another site of the customer's, unknown to the team: file its domain under the account.
    const depot = await b.context.newPage();
    await depot.goto('https://nordlicht.hamburg/billbrook');
    await expect
      .poll(() => access.innerText(), { timeout: 10_000 })
      .toContain('Margin is not reading nordlicht.hamburg');
    await pressToolbarButton(b, depot);
    await expect
      .poll(() => panel.getByTestId('unknown-page').innerText(), { timeout: 10_000 })
      .toContain('No account for this page yet');
    await panel.getByRole('button', { name: 'Add nordlicht.hamburg to an account' }).click();
    const form = panel.getByRole('form', { name: 'Add nordlicht.hamburg to an account' });
    await form.getByLabel('Account', { exact: true }).fill('nordlicht');
    await form.getByRole('button', { name: /Nordlicht Logistik/ }).click();
    await form.getByRole('button', { name: 'Add nordlicht.hamburg to Nordlicht Logistik' }).click();
    await expect
      .poll(() => panel.getByTestId('research-account').innerText(), { timeout: 10_000 })
      .toContain('nordlicht.hamburg');
    await expect.poll(() => chipKind(depot)).toBe('account');
    expect(await badgeText(b, await tabIdOf(b, depot))).toBe('A');

    // Options → Other sites: nothing granted in this profile, and it says so.
    const options = await b.page('options.html');
    expect(await options.getByTestId('no-sites').innerText()).toContain('No other sites allowed');
    await options
      .getByRole('region', { name: 'Other sites' })
      .screenshot({ path: join('test-results', 'options-other-sites.png') });
    expect(await options.getByLabel('Read pages on all sites').isChecked()).toBe(false);
    await options.close();
    await panel.close();
  });
});
