import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { quarterOf } from '../../shared/deals';
import { pushRecords } from '../../scripts/lib/seed';
import { launchProfile, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createTeam, joinAs } from '../support/team';
import { waitForFirstSync } from '../support/extension-pages';

const serverUrl = inject('serverUrl');
const productionDir = inject('productionDir');
const DAY = 86_400_000;

const fixture = (name: string) => readFileSync(join(process.cwd(), 'tests/fixtures/webmail', name), 'utf8');
const GMAIL_URL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWbLmvtbn';

async function routeGmail(context: BrowserContext) {
  await context.route('https://mail.google.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: fixture('gmail-thread.html') }),
  );
}

/** The last day of the current quarter, as a date input takes it. */
function endOfQuarter(now = new Date()): string {
  const month = Math.floor(now.getMonth() / 3) * 3 + 3;
  const last = new Date(now.getFullYear(), month, 0);
  return `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}-${String(last.getDate()).padStart(2, '0')}`;
}

async function synced(page: Page) {
  await expect
    .poll(() => page.getByTestId('sync-status').innerText(), { timeout: 20_000 })
    .toMatch(/^Synced (?!.*waiting)/);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

describe('deals: from an email to the board and the forecast, shared by the team', () => {
  let a: ExtensionProfile;
  let b: ExtensionProfile;
  const quarter = quarterOf(endOfQuarter());

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'Deals Team', 'Olivia Owner');
    const by = { memberId: owner.member.id, now: Date.now() - 60 * DAY };
    const porto = buildRecord('account', { name: 'Porto Verde Retail', domains: ['portoverde.pt'], tier: 'A' }, by);
    const nordlicht = buildRecord(
      'account',
      { name: 'Nordlicht Logistik', domains: ['nordlicht-logistik.de'], tier: 'B' },
      by,
    );
    await pushRecords(serverUrl, owner.token, [
      buildRecord(
        'settings',
        { cadenceDays: { A: 14, B: 30, C: 90 }, currency: 'EUR', forecastTargets: { [quarter]: 100_000 } },
        by,
      ),
      porto,
      nordlicht,
      // In "Proposal" for 40 days with nobody talking to Nordlicht: stalled.
      buildRecord(
        'deal',
        {
          name: 'Hamburg racks',
          accountId: nordlicht.id,
          pipelineId: 'new-business',
          stageId: 'propose',
          amount: 20_000,
          currency: 'EUR',
          ownerId: null,
          stageHistory: [{ at: Date.now() - 40 * DAY, by: owner.member.id, stageId: 'propose' }],
        },
        { memberId: owner.member.id, now: Date.now() - 40 * DAY },
      ),
    ]);
    [a, b] = await Promise.all([launchProfile(productionDir), launchProfile(productionDir)]);
    await Promise.all([routeGmail(a.context), routeGmail(b.context)]);
    await joinAs(a, serverUrl, owner.token, 'Alice Rep');
    await joinAs(b, serverUrl, owner.token, 'Bob Rep');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('a rep starts a deal beside an email and moves it on the board; a teammate sees it by the email, on the board and in the forecast', async () => {
    await waitForFirstSync(a);
    const gmail = await a.context.newPage();
    await gmail.goto(GMAIL_URL);
    const panel = await a.page('sidepanel.html');
    const porto = panel.getByTestId('email-context').getByRole('region', { name: 'Porto Verde Retail', exact: true });
    await porto.getByRole('button', { name: 'New deal with Porto Verde Retail' }).click({ timeout: 20_000 });
    const form = panel.getByRole('form', { name: 'New deal' });
    // Prefilled from the open email.
    expect(await form.getByLabel('Deal name').inputValue()).toBe('Porto Verde Retail: Re: 2027 framework renewal');
    expect(await form.getByLabel('Source').inputValue()).toBe('Email');
    await form.getByLabel('Amount').fill('48000');
    await form.getByLabel('Expected close').fill(endOfQuarter());
    await form.getByLabel('Next step').fill('Send the draft framework');
    await form.getByRole('button', { name: 'Create deal' }).click();
    // The new deal opens: in the first stage, with its history.
    const detail = panel.getByTestId('deal-detail');
    await expect
      .poll(() => detail.innerText().catch(() => ''), { timeout: 10_000 })
      .toContain('Qualify · New business');
    await panel.getByRole('button', { name: 'Back to the list' }).click();
    await expect
      .poll(() => porto.getByTestId('account-deals').innerText())
      .toMatch(/Qualify \(10%\) · €48,000 · closes/);

    // The board: Shift+→ twice from the keyboard, then a drag to Negotiation.
    const board = await a.page('pipeline.html');
    await board.setViewportSize({ width: 1400, height: 900 });
    const card = board.getByTestId('deal-card').filter({ hasText: 'Re: 2027 framework renewal' });
    await card.focus({ timeout: 20_000 });
    await board.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => board.getByTestId('column-discover').innerText()).toContain('Re: 2027 framework renewal');
    await board.getByTestId('deal-card').filter({ hasText: 'Re: 2027 framework renewal' }).focus();
    await board.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => board.getByTestId('column-propose').innerText()).toContain('Re: 2027 framework renewal');
    await board
      .getByTestId('deal-card')
      .filter({ hasText: 'Re: 2027 framework renewal' })
      .dragTo(board.getByTestId('column-negotiate'), { sourcePosition: { x: 12, y: 8 } });
    await expect.poll(() => board.getByTestId('column-negotiate').innerText()).toContain('Re: 2027 framework renewal');
    // Column totals follow: 48,000 in Negotiation, weighted at 75%.
    expect(await board.getByTestId('column-negotiate').getByTestId('column-total').innerText()).toBe(
      '1 · €48,000 · weighted €36,000',
    );
    // The seeded deal nobody touched for 40 days is marked.
    expect(await board.getByTestId('column-propose').innerText()).toMatch(/Hamburg racks[\s\S]*40 days quiet/);
    await board.screenshot({ path: join('test-results', 'pipeline-board.png'), fullPage: true });
    expect(await seriousViolations(board)).toEqual([]);
    await synced(board);

    // Bob: beside the same email, on his board and in his forecast.
    const gmailB = await b.context.newPage();
    await gmailB.goto(GMAIL_URL);
    const panelB = await b.page('sidepanel.html');
    await panelB.getByRole('button', { name: 'Sync now' }).click();
    const dealsB = panelB
      .getByTestId('email-context')
      .getByRole('region', { name: 'Porto Verde Retail', exact: true })
      .getByTestId('account-deals');
    await expect
      .poll(() => dealsB.innerText().catch(() => ''), { timeout: 20_000 })
      .toMatch(/Re: 2027 framework renewal[\s\S]*Negotiation \(75%\) · €48,000[\s\S]*Next: Send the draft framework/);
    const boardB = await b.page('pipeline.html');
    await expect
      .poll(
        () =>
          boardB
            .getByTestId('column-negotiate')
            .innerText()
            .catch(() => ''),
        { timeout: 20_000 },
      )
      .toContain('Re: 2027 framework renewal');
    await boardB.getByRole('link', { name: 'Forecast' }).click();
    const forecast = boardB.getByTestId('forecast');
    // Alice's 48,000 at 75%; the unowned Hamburg deal has no close date and is counted apart as undated.
    await expect.poll(() => forecast.innerText()).toMatch(/Alice Rep\s+€0\s+€36,000\s+€48,000\s+1/);
    expect(await forecast.innerText()).toContain('Target €100,000: €0 won, €36,000 weighted');
    expect(await forecast.innerText()).toContain('1 open deal has no close date');
    expect(await seriousViolations(boardB)).toEqual([]);

    // Bob's agenda: the stalled deal, with its reason.
    await panelB.bringToFront();
    await panelB.getByRole('tab', { name: 'Today' }).click();
    await expect
      .poll(() => panelB.getByText('Hamburg racks has stalled').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await panelB.locator('[data-rule="deal-stalled"]').innerText()).toContain(
      'In “Proposal” with no interaction with Nordlicht Logistik for 40 days',
    );
  });
  it('imports a HubSpot deals export from the options, with the skipped rows and why, onto the board', async () => {
    const options = await a.page('options.html');
    const section = options.getByTestId('deal-import');
    await section
      .getByTestId('deal-import-file')
      .setInputFiles(join(process.cwd(), 'tests/fixtures/import/hubspot-deals.csv'), { timeout: 20_000 });
    await expect.poll(() => section.innerText()).toContain('Recognised a HubSpot export');
    await section.getByRole('button', { name: 'Preview' }).click();
    const preview = section.getByTestId('deal-import-preview');
    await expect.poll(() => preview.innerText()).toContain('5 new deals');
    expect(await section.getByTestId('deal-import-skipped').innerText()).toContain(
      'Line 8: “about ten grand” is not an amount',
    );
    await section.getByRole('button', { name: 'Import 5 deals' }).click();
    await expect
      .poll(() =>
        section
          .getByTestId('deal-import-done')
          .innerText()
          .catch(() => ''),
      )
      .toContain('Imported 5 deals');
    const board = await a.page('pipeline.html#list');
    await expect
      .poll(
        () =>
          board
            .getByTestId('deal-table')
            .innerText()
            .catch(() => ''),
        { timeout: 10_000 },
      )
      .toContain('Porto 2027 framework');
    expect(await board.getByTestId('deal-table').innerText()).toContain('Seoul pilot');
    await board.close();
    await options.close();
  });
});
