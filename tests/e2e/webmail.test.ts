import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { pushRecords } from '../../scripts/lib/seed';
import { launchProfile, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createTeam, joinAs } from '../support/team';
import { chipKind, waitForFirstSync } from '../support/extension-pages';
import { GMAIL_URL, OUTLOOK_URL, webmailFixture as fixture } from '../support/webmail-fixtures';

const serverUrl = inject('serverUrl');
/** The store build: its manifest's real webmail match patterns decide where the content script runs. */
const productionDir = inject('productionDir');

/** Serves the fixtures at the real webmail addresses: the browser never leaves this machine. */
async function routeWebmail(context: BrowserContext) {
  await context.route('https://mail.google.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: fixture('gmail-thread.html') }),
  );
  await context.route('https://outlook.office.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: fixture('outlook-thread.html') }),
  );
}

describe('webmail overlay in Gmail and Outlook on the web', () => {
  let a: ExtensionProfile;
  let b: ExtensionProfile;

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'Webmail Team', 'Olivia Owner');
    const by = { memberId: owner.member.id, now: Date.now() };
    const porto = buildRecord(
      'account',
      { name: 'Porto Verde Retail', domains: ['portoverde.pt'], tier: 'A', ownerId: owner.member.id },
      by,
    );
    const nordlicht = buildRecord(
      'account',
      { name: 'Nordlicht Logistik', domains: ['nordlicht-logistik.de'], tier: 'B' },
      by,
    );
    await pushRecords(serverUrl, owner.token, [
      buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, internalDomains: ['margin-e2e.example'] }, by),
      porto,
      nordlicht,
      buildRecord(
        'contact',
        {
          name: 'Jonas Weber',
          emails: ['j.weber@nordlicht-logistik.de'],
          title: 'Geschäftsführer',
          accountId: nordlicht.id,
        },
        by,
      ),
      buildRecord(
        'task',
        { subjectId: nordlicht.id, title: 'Send the Hamburg warehouse quote', dueAt: Date.now() + 86_400_000 },
        by,
      ),
      buildRecord('note', { subjectId: nordlicht.id, body: 'Jonas decides; Lena prepares the numbers.' }, by),
    ]);
    [a, b] = await Promise.all([launchProfile(productionDir), launchProfile(productionDir)]);
    await Promise.all([routeWebmail(a.context), routeWebmail(b.context)]);
    await joinAs(a, serverUrl, owner.token, 'Alice Rep');
    await joinAs(b, serverUrl, owner.token, 'Bob Rep');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('shows the chip beside the sender, captures the sender from the signature, logs the email, and both reach a teammate', async () => {
    await waitForFirstSync(a);

    const gmail = await a.context.newPage();
    await gmail.goto(GMAIL_URL);
    await expect.poll(() => chipKind(gmail), { timeout: 15_000 }).toBe('unknown');
    // Beside the open message's sender, not floating over the page.
    expect(await gmail.locator('.adn[data-legacy-message-id="18f0a1b2c3d4e5f8"] span.qu + margin-chip').count()).toBe(
      1,
    );
    await gmail.screenshot({ path: join('test-results', 'gmail-chip-unknown.png') });
    await gmail.locator('margin-chip').click();

    // The side panel (opened here as a page) shows the open email, on the person whose chip was clicked.
    const panel = await a.page('sidepanel.html');
    const context = panel.getByTestId('email-context');
    await expect.poll(() => context.innerText(), { timeout: 15_000 }).toContain('Re: 2027 framework renewal');
    const porto = context.getByRole('region', { name: 'Porto Verde Retail', exact: true });
    await expect.poll(() => porto.innerText()).toContain('owner: Olivia Owner');
    // 김민준 (cc) is at a company domain the team has no account for: grouped under that domain.
    expect(await context.innerText()).toContain('hanbitfoods.co.kr');
    const form = panel.getByRole('form', { name: 'Add marta.silva@portoverde.pt as a contact' });
    await expect.poll(() => form.getByLabel('Title').inputValue(), { timeout: 10_000 }).toBe('Senior Buyer');
    expect(await form.getByLabel('Phone').inputValue()).toBe('+351 912 555 019');
    expect(await form.getByLabel('Name').inputValue()).toBe('Marta Silva');
    expect(await form.getByRole('radio', { name: /Porto Verde Retail/ }).isChecked()).toBe(true);
    await panel.screenshot({ path: join('test-results', 'side-panel-capture.png'), fullPage: true });
    await form.getByRole('button', { name: 'Save contact' }).click();
    await expect.poll(() => context.innerText()).toContain('Added Marta Silva.');
    await expect.poll(() => chipKind(gmail), { timeout: 10_000 }).toBe('contact');

    await context.getByRole('button', { name: 'Log this email', exact: true }).click();
    await expect
      .poll(
        () =>
          panel
            .getByTestId('email-logged')
            .innerText()
            .catch(() => ''),
        { timeout: 10_000 },
      )
      .toContain('Logged');
    await panel.screenshot({ path: join('test-results', 'side-panel-email-context.png'), fullPage: true });
    await expect
      .poll(() => panel.getByTestId('sync-status').innerText(), { timeout: 20_000 })
      .toMatch(/^Synced (?!.*waiting)/);

    // Profile B: the captured contact, with its signature fields, and the logged email.
    const panelB = await b.page('sidepanel.html');
    await panelB.getByRole('button', { name: 'Sync now' }).click();
    await panelB.getByRole('tab', { name: 'Contacts' }).click();
    await panelB.getByRole('button', { name: /Marta Silva/ }).click({ timeout: 20_000 });
    const detail = panelB.getByRole('article', { name: 'Contact Marta Silva' });
    await expect.poll(() => detail.innerText()).toContain('Senior Buyer');
    expect(await detail.innerText()).toContain('+351 912 555 019');
    await expect.poll(() => panelB.getByTestId('interactions').innerText()).toContain('Re: 2027 framework renewal');
  });

  it('draws the chip for a known contact in Outlook, with the account context in the side panel', async () => {
    const outlook = await b.context.newPage();
    await outlook.goto(OUTLOOK_URL);
    await expect.poll(() => chipKind(outlook), { timeout: 15_000 }).toBe('contact');
    expect(await outlook.locator('[data-testid="SenderPersona"] + margin-chip').count()).toBe(1);
    await outlook.screenshot({ path: join('test-results', 'outlook-chip.png') });
    const panel = await b.page('sidepanel.html');
    const nordlicht = panel
      .getByTestId('email-context')
      .getByRole('region', { name: 'Nordlicht Logistik', exact: true });
    await expect
      .poll(() => nordlicht.innerText().catch(() => ''), { timeout: 15_000 })
      .toContain('Send the Hamburg warehouse quote');
    const text = await nordlicht.innerText();
    expect(text).toContain('Jonas Weber');
    expect(text).toContain('Lena Hoffmann');
    expect(text).toContain('Jonas decides; Lena prepares the numbers.');
    // 王小明 has no account here: a company domain the team does not know yet.
    expect(await panel.getByTestId('email-context').innerText()).toContain('huachen-elec.cn');
  });

  it('turns the overlay off and on per site from the options', async () => {
    const gmail = await b.context.newPage();
    await gmail.goto(GMAIL_URL);
    await expect.poll(() => chipKind(gmail), { timeout: 15_000 }).toBe('contact');
    const options = await b.page('options.html');
    const gmailSwitch = options.getByRole('checkbox', { name: /Gmail/ });
    await gmailSwitch.uncheck();
    await expect.poll(() => gmail.locator('margin-chip').count(), { timeout: 10_000 }).toBe(0);
    await gmail.reload();
    await gmail.waitForTimeout(1500); // Nothing should appear: give the content script time to prove it.
    expect(await gmail.locator('margin-chip').count()).toBe(0);
    await gmailSwitch.check();
    await expect.poll(() => chipKind(gmail), { timeout: 10_000 }).toBe('contact');
  });
});
