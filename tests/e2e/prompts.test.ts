import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { pushRecords } from '../../scripts/lib/seed';
import { launchProfile, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createTeam, joinAs } from '../support/team';
import { chipKind, waitForFirstSync } from '../support/extension-pages';
import { readmeScreenshot } from '../support/screenshots';

const serverUrl = inject('serverUrl');
const productionDir = inject('productionDir');
const DAY = 86_400_000;
const ROUTINE_VISIT = [
  'Prepare',
  'Check the outside',
  'Greet',
  'Check the inside',
  'Check stock',
  'Suggest an order',
  'Take the order',
  'Say goodbye',
];

/** The toolbar badge text, read from an extension page. */
const badge = (page: Page) => page.evaluate<string>('chrome.action.getBadgeText({})');

describe('next-step prompts and visits', () => {
  let a: ExtensionProfile;
  let b: ExtensionProfile;

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'Prompts Team', 'Olivia Owner');
    const by = { memberId: owner.member.id, now: Date.now() - 100 * DAY };
    const porto = buildRecord(
      'account',
      { name: 'Porto Verde Retail', domains: ['portoverde.pt'], tier: 'A', ownerId: owner.member.id },
      by,
    );
    const ines = buildRecord(
      'contact',
      { name: 'Inês Costa', emails: ['ines.costa@portoverde.pt'], accountId: porto.id },
      by,
    );
    await pushRecords(serverUrl, owner.token, [
      buildRecord(
        'settings',
        {
          cadenceDays: { A: 14, B: 30, C: 90 },
          checklists: [{ id: 'routine-visit', name: 'Routine visit', steps: ROUTINE_VISIT }],
        },
        by,
      ),
      porto,
      ines,
      buildRecord(
        'interaction',
        { subjectIds: [ines.id], kind: 'meeting', at: Date.now() - 40 * DAY, summary: 'Quarterly meeting' },
        by,
      ),
    ]);
    [a, b] = await Promise.all([launchProfile(productionDir), launchProfile(productionDir)]);
    await a.context.route('https://mail.google.com/**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: readFileSync(join(process.cwd(), 'scripts/demo/pages/inbox.html'), 'utf8'),
      }),
    );
    await joinAs(a, serverUrl, owner.token, 'Alice Rep');
    await joinAs(b, serverUrl, owner.token, 'Bob Rep');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('shows the follow-up prompt with its reason beside an email from a tier-A contact last touched 40 days ago, and snoozes it', async () => {
    await waitForFirstSync(a);
    const gmail = await a.context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/18d4c2a1b2c3d4e5');
    await expect.poll(() => chipKind(gmail), { timeout: 15_000 }).toBe('contact');

    const panel = await a.page('sidepanel.html');
    const steps = panel.getByRole('list', { name: 'Next steps for this email' });
    const followUp = steps.locator('li[data-rule="follow-up-due"]');
    await expect
      .poll(() => followUp.innerText().catch(() => ''), { timeout: 15_000 })
      .toContain('Follow up with Porto Verde Retail');
    expect(await followUp.innerText()).toContain('Tier A: last touch 40 days ago; cadence 14 days');
    expect(await steps.locator('li[data-rule="email-not-logged"]').innerText()).toContain(
      'Log this email with Inês Costa',
    );
    await expect.poll(() => badge(panel), { timeout: 10_000 }).toMatch(/^[1-9]/);
    const before = Number(await badge(panel));
    await panel.screenshot({ path: join('test-results', 'side-panel-prompts.png'), fullPage: true });
    await readmeScreenshot(a.context, 'email', gmail, panel);

    await followUp.getByRole('combobox', { name: 'Snooze: Follow up with Porto Verde Retail' }).selectOption('7');
    await expect.poll(() => followUp.count()).toBe(0);
    // Snoozed everywhere: the agenda, the badge, and after a reload.
    await panel.getByRole('tab', { name: 'Today' }).click();
    await expect.poll(() => panel.getByTestId('agenda').innerText()).not.toContain('Follow up with Porto Verde Retail');
    await expect.poll(() => badge(panel), { timeout: 10_000 }).toBe(before - 1 ? String(before - 1) : '');
    await panel.reload();
    await panel.getByRole('tab', { name: 'Today' }).click();
    await expect
      .poll(() => panel.getByTestId('agenda').innerText())
      .toContain('Set a dated next step for Porto Verde Retail');
    await readmeScreenshot(a.context, 'agenda', gmail, panel);
    expect(await panel.getByTestId('agenda').innerText()).not.toContain('Follow up with Porto Verde Retail');
  });

  it('walks a planned visit’s checklist and shows the visit in a teammate’s timeline', async () => {
    const panel = await a.page('sidepanel.html');
    await panel.getByRole('tab', { name: 'Accounts' }).click();
    await panel.getByRole('button', { name: /Porto Verde Retail/ }).click();
    await panel.getByRole('button', { name: 'Plan a visit' }).click();
    await panel.getByRole('form', { name: 'Plan a visit' }).getByRole('button', { name: 'Plan visit' }).click();
    await panel.getByRole('button', { name: /Planned visit/ }).click();
    const visit = panel.getByTestId('visit');
    for (const step of ROUTINE_VISIT) {
      await visit.getByRole('checkbox', { name: step }).check();
      await expect.poll(() => visit.getByRole('checkbox', { name: step }).isChecked()).toBe(true);
    }
    expect(await visit.innerText()).toContain('8 of 8 steps done');
    await panel.screenshot({ path: join('test-results', 'side-panel-visit.png'), fullPage: true });
    await visit.getByRole('button', { name: 'Finish visit' }).click();
    // Back on the account: hand it over to Bob; the handover stays in its history.
    await panel.getByRole('tab', { name: 'Accounts' }).click();
    await panel.getByRole('button', { name: /Porto Verde Retail/ }).click();
    await panel.getByText('Tier, owner and revenue').click();
    await panel.getByLabel('Owner').selectOption({ label: 'Bob Rep' });
    await expect
      .poll(() => panel.getByTestId('interactions').innerText())
      .toContain('Account handed over from Olivia Owner to Bob Rep');
    await panel.getByText('Scorecard').first().click();
    await panel.screenshot({ path: join('test-results', 'side-panel-key-account.png'), fullPage: true });
    await expect
      .poll(() => panel.getByTestId('sync-status').innerText(), { timeout: 20_000 })
      .toMatch(/^Synced (?!.*waiting)/);

    const panelB = await b.page('sidepanel.html');
    await panelB.getByRole('button', { name: 'Sync now' }).click();
    await panelB.getByRole('tab', { name: 'Accounts' }).click();
    await panelB.getByRole('button', { name: /Porto Verde Retail/ }).click({ timeout: 20_000 });
    await expect
      .poll(() => panelB.getByTestId('interactions').innerText(), { timeout: 20_000 })
      .toContain('Routine visit: 8 of 8 steps done');
  });
});
