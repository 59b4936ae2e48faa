import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { buildRecord } from '../../shared/factories';
import { pushRecords } from '../../scripts/lib/seed';
import { launchFirefoxProfile, type FirefoxProfile } from '../../scripts/lib/firefox';
import { createInvite, createTeam } from '../support/team';
import { syncApi } from '../../extension/background/api-client';
import { pulledRow } from '../../shared/protocol';

/** The team's contact names and interaction summaries as the server holds them. */
async function pullBodies(token: string) {
  const pulled = await syncApi(serverUrl, token).pull({ clientId: crypto.randomUUID(), cursor: 0, limit: 1000 });
  const records = pulled.rows.map((r) => pulledRow.parse(r).record);
  return {
    contacts: records.flatMap((r) => (r?.type === 'contact' ? [r.name] : [])),
    interactions: records.flatMap((r) => (r?.type === 'interaction' ? [r.summary] : [])),
    notes: records.flatMap((r) => (r?.type === 'note' ? [r.body] : [])),
  };
}

const serverUrl = inject('serverUrl');
const firefoxDir = inject('firefoxDir');

const text = (page: Page, selector: string) =>
  page.$eval(selector, (el) => (el as HTMLElement).innerText).catch(() => '');
const fixture = (name: string) => readFileSync(join(process.cwd(), 'tests/fixtures/webmail', name), 'utf8');
const GMAIL_URL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWbLmvtbn';
const OUTLOOK_URL = 'https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMS1hYjQ2';

/** A tab with the webmail fixtures served at their real addresses: nothing leaves this machine. */
async function webmailTab(fx: FirefoxProfile): Promise<Page> {
  const page = await fx.browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    const body = url.startsWith('https://mail.google.com/')
      ? fixture('gmail-thread.html')
      : url.startsWith('https://outlook.office.com/')
        ? fixture('outlook-thread.html')
        : null;
    if (body === null) void request.abort();
    else void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
  return page;
}

/** What the chip on the page says it is about (`contact`, `unknown`, `account`), or null while there is none. */
const chipKind = (page: Page, selector = 'margin-chip') =>
  page.$eval(selector, (el) => el.getAttribute('data-kind')).catch(() => null);

const fieldValue = (root: ElementHandle, label: string) =>
  root.$(`::-p-aria(${label})`).then((input) => input?.evaluate((el) => (el as HTMLInputElement).value) ?? null);

describe('Margin in a real Firefox', () => {
  let fx: FirefoxProfile;
  let owner: Awaited<ReturnType<typeof createTeam>>;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    owner = await createTeam(serverUrl, 'Firefox Team', 'Olivia Owner');
    const by = { memberId: owner.member.id, now: Date.now() };
    const nordlicht = buildRecord(
      'account',
      { name: 'Nordlicht Logistik', domains: ['nordlicht-logistik.de'], tier: 'B' },
      by,
    );
    await pushRecords(serverUrl, owner.token, [
      buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, internalDomains: ['margin-e2e.example'] }, by),
      buildRecord(
        'account',
        { name: 'Porto Verde Retail', domains: ['portoverde.pt'], tier: 'A', ownerId: owner.member.id },
        by,
      ),
      nordlicht,
      buildRecord(
        'contact',
        { name: 'Jonas Weber', emails: ['j.weber@nordlicht-logistik.de'], accountId: nordlicht.id },
        by,
      ),
      buildRecord('note', { subjectId: nordlicht.id, body: 'Jonas decides; Lena prepares the numbers.' }, by),
    ]);
    fx = await launchFirefoxProfile(firefoxDir);
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('signs in from the options page, and the sidebar shows the team’s accounts', async () => {
    const options = await fx.page('options.html');
    await options.locator('::-p-aria(Server address)').fill(serverUrl);
    await options.locator('::-p-aria(Sign-in code or invite link)').fill(await createInvite(serverUrl, owner.token));
    await options.locator('::-p-aria(Your name)').fill('Fiona Firefox');
    await options.locator('::-p-aria(Sign in[role="button"])').click();
    await options.waitForSelector('[data-testid="signed-in"]', { timeout: 20_000 });
    const panel = await fx.page('sidepanel.html');
    await expect.poll(() => text(panel, '[data-testid="sync-status"]'), { timeout: 20_000 }).toMatch(/^Synced/);
    await expect.poll(() => text(panel, 'body')).toContain('Nordlicht Logistik');
  });

  it('draws the chip in Gmail at its real address, opens the sidebar from it, captures the sender and logs the email', async () => {
    const gmail = await webmailTab(fx);
    await gmail.goto(GMAIL_URL);
    await expect.poll(() => chipKind(gmail), { timeout: 15_000 }).toBe('unknown');
    expect(
      await gmail.$$eval('.adn[data-legacy-message-id="18f0a1b2c3d4e5f8"] span.qu + margin-chip', (l) => l.length),
    ).toBe(1);
    await gmail.screenshot({ path: join('test-results', 'firefox-gmail-chip.png') });
    await gmail.click('margin-chip');
    const panel = await fx.page('sidepanel.html');
    // Firefox's sidebar, opened by the chip's click (within the gesture).
    await expect.poll(() => panel.evaluate('browser.sidebarAction.isOpen({})'), { timeout: 10_000 }).toBe(true);
    await expect
      .poll(() => text(panel, '[data-testid="email-context"]'), { timeout: 15_000 })
      .toContain('Re: 2027 framework renewal');
    const form = await panel.waitForSelector('form[aria-label="Add marta.silva@portoverde.pt as a contact"]');
    if (!form) throw new Error('no capture form');
    await expect.poll(() => fieldValue(form, 'Title'), { timeout: 10_000 }).toBe('Senior Buyer');
    expect(await fieldValue(form, 'Phone')).toBe('+351 912 555 019');
    expect(await fieldValue(form, 'Name')).toBe('Marta Silva');
    await panel.screenshot({ path: join('test-results', 'firefox-sidebar-capture.png'), fullPage: true });
    await (await form.$('::-p-aria(Save contact)'))?.click();
    await expect.poll(() => text(panel, '[data-testid="email-context"]')).toContain('Added Marta Silva.');
    await expect.poll(() => chipKind(gmail), { timeout: 10_000 }).toBe('contact');

    await panel.locator('::-p-aria(Log this email[role="button"])').click();
    await expect.poll(() => text(panel, '[data-testid="email-logged"]'), { timeout: 10_000 }).toContain('Logged');
    await expect
      .poll(() => text(panel, '[data-testid="sync-status"]'), { timeout: 20_000 })
      .toMatch(/^Synced (?!.*waiting)/);
    const pulled = await pullBodies(owner.token);
    expect(pulled.contacts).toContain('Marta Silva');
    expect(pulled.interactions).toContain('Re: 2027 framework renewal');
    await Promise.all([gmail.close(), panel.close()]);
  });

  it('draws the chip for a known contact in Outlook at its real address, with the account in the sidebar', async () => {
    const outlook = await webmailTab(fx);
    await outlook.goto(OUTLOOK_URL);
    await expect.poll(() => chipKind(outlook), { timeout: 15_000 }).toBe('contact');
    expect(await outlook.$$eval('[data-testid="SenderPersona"] + margin-chip', (l) => l.length)).toBe(1);
    const panel = await fx.page('sidepanel.html');
    await expect
      .poll(() => text(panel, '[data-testid="email-context"]'), { timeout: 15_000 })
      .toContain('Jonas decides; Lena prepares the numbers.');
    expect(await text(panel, '[data-testid="email-context"]')).toContain('Nordlicht Logistik');
    await Promise.all([outlook.close(), panel.close()]);
  });
});
