import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import type { AnyRecord } from '../../shared/records';
import { pushRecords } from '../../scripts/lib/seed';
import { launchProfile, signIn, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createInvite, createTeam, joinTeam } from '../support/team';
import { waitForFirstSync } from '../support/extension-pages';

const serverUrl = inject('serverUrl');
const productionDir = inject('productionDir');
const DAY = 86_400_000;

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

const ownerCell = (page: Page, name: string) =>
  page.getByTestId('portfolio-table').locator('tr', { hasText: name }).locator('[data-col="owner"]');

describe('portfolio review: the manager sees the whole book and acts on it; the team receives it', () => {
  let manager: ExtensionProfile;
  let teammate: ExtensionProfile;
  const now = Date.now();
  // When each account was last touched (days ago; null: never), to count "untouched this quarter" as the page must.
  const lastTouch: Record<string, number | null> = {
    'Alpen Bau': 3,
    'Baltic Freight': 40,
    'Costa Foods': 10,
    'Delta Print': null,
    'Elbe Chemie': 5,
    'Fjord Fisk': 100,
  };
  const today = new Date(now);
  const quarterStart = new Date(today.getFullYear(), Math.floor(today.getMonth() / 3) * 3, 1).getTime();
  const untouched = Object.values(lastTouch).filter((d) => d === null || now - d * DAY < quarterStart).length;

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'Book Team', 'Olivia Owner');
    const [alice, bob, cho] = await Promise.all(
      ['Alice Rep', 'Bob Rep', 'Cho Rep'].map(async (name) =>
        joinTeam(serverUrl, await createInvite(serverUrl, owner.token), name),
      ),
    );
    const at = (days: number) => now - days * DAY;
    const by = (m: typeof alice, days = 400) => ({ memberId: m!.member.id, now: at(days) });
    const account = (name: string, tier: 'A' | 'B' | 'C', revenue: number, ownerOf: typeof alice) =>
      buildRecord('account', { name, tier, revenue, ownerId: ownerOf!.member.id }, by(owner as typeof alice));
    const alpen = account('Alpen Bau', 'A', 500_000, alice);
    const baltic = account('Baltic Freight', 'A', 300_000, alice);
    const costa = account('Costa Foods', 'B', 100_000, bob);
    const delta = account('Delta Print', 'C', 50_000, bob);
    const elbe = account('Elbe Chemie', 'A', 40_000, cho);
    const fjord = account('Fjord Fisk', 'C', 10_000, cho);
    const person = (name: string, a: typeof alpen) =>
      buildRecord('contact', { name, accountId: a.id }, by(owner as typeof alice));
    const hans = person('Hans Huber', alpen);
    const greta = person('Greta Gruber', alpen);
    const lars = person('Lars Lind', baltic);
    const maja = person('Maja Moe', baltic);
    const eva = person('Eva Ek', elbe);
    const touch = (m: typeof alice, subjects: { id: string }[], days: number) =>
      buildRecord('interaction', { subjectIds: subjects.map((s) => s.id), kind: 'call', at: at(days) }, by(m, days));
    const records: Record<string, AnyRecord[]> = {
      [owner.token]: [
        buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 } }, by(owner as typeof alice)),
        alpen,
        baltic,
        costa,
        delta,
        elbe,
        fjord,
        hans,
        greta,
        lars,
        maja,
        eva,
      ],
      [alice!.token]: [touch(alice, [hans], 3), touch(alice, [lars], 40)],
      [bob!.token]: [touch(bob, [greta], 20), touch(bob, [maja], 60), touch(bob, [costa], 10)],
      // Elbe hangs on Eva on their side and Cho on ours.
      [cho!.token]: [touch(cho, [eva], 5), touch(cho, [eva], 30), touch(cho, [fjord], 100)],
    };
    for (const [token, list] of Object.entries(records)) await pushRecords(serverUrl, token, list);

    [manager, teammate] = await Promise.all([launchProfile(productionDir), launchProfile(productionDir)]);
    await signIn(manager, serverUrl, await createInvite(serverUrl, owner.token, 'admin'), 'Mia Manager');
    await signIn(teammate, serverUrl, await createInvite(serverUrl, owner.token), 'Dana Rep');
  });

  afterAll(async () => {
    await Promise.all([manager?.close(), teammate?.close()]);
  });

  it('shows coverage, decay, the 80/20 picture and single threads with the right numbers; filters; reassigns two accounts in one step; exports CSV', async () => {
    await Promise.all([waitForFirstSync(manager), waitForFirstSync(teammate)]);
    const page = await manager.page('portfolio.html');
    await page.setViewportSize({ width: 1400, height: 1000 });
    // An admin sees the whole team first.
    await expect
      .poll(
        () =>
          page
            .getByTestId('portfolio-summary')
            .innerText()
            .catch(() => ''),
        { timeout: 20_000 },
      )
      .toBe('6 accounts, 3 of them key accounts (tier A).');
    expect(await page.getByTestId('coverage-total').innerText()).toBe(
      `50% of accounts touched within their cadence (3 of 6); ${untouched} not touched at all this quarter.`,
    );
    // The tier chart's caption says it in words; its table view gives the same numbers.
    const byTier = page.getByTestId('coverage-tier');
    expect(await byTier.locator('figcaption').innerText()).toMatch(
      /^Tier A: 67% touched within cadence \(2 of 3\), \d untouched this quarter\. Tier B: 100% touched within cadence \(1 of 1\), 0 untouched this quarter\. Tier C: 0% touched within cadence \(0 of 2\), \d untouched this quarter\.$/,
    );
    expect(await byTier.locator('svg[role="img"] rect').count()).toBe(6);
    await byTier.getByRole('button', { name: 'Table' }).click();
    expect(await byTier.locator('tr[data-group="A"]').innerText()).toMatch(/^Tier A\s+3\s+2\s+67%\s+\d$/);
    expect(await byTier.locator('tr[data-group="C"]').innerText()).toMatch(/^Tier C\s+2\s+0\s+0%\s+\d$/);

    // Decay, ranked with its reason; single-threaded key accounts name the one person on each side.
    expect(await page.getByTestId('decay').locator('ol > li').allInnerTexts()).toEqual([
      'Baltic Freight · Alice Rep\nTier A: last touch 40 days ago; cadence 14 days',
    ]);
    expect(await page.getByTestId('threads').locator('li').allInnerTexts()).toEqual([
      'Elbe Chemie only Eva Ek on their side · only Cho Rep on ours',
    ]);
    // 80/20: two accounts bring 80% of the value; Delta's and Elbe's tiers no longer fit.
    expect(await page.getByTestId('pareto').locator('figcaption').innerText()).toBe(
      '2 of 6 accounts (33%) bring 80% of the value; 2 have a tier that no longer fits.',
    );
    expect(await page.getByTestId('mismatches').locator('li').allInnerTexts()).toEqual([
      'Delta Print Tier C: Its value (5% of the total) makes it tier B',
      'Elbe Chemie Tier A: Its value (4% of the total) makes it tier C',
    ]);
    await page.getByTestId('portfolio-table').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join('test-results', 'portfolio.png'), fullPage: true });
    // Dark mode: the charts' colours follow the theme, and contrast still holds.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join('test-results', 'portfolio-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // Filters: Bob's book, then tier A only.
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Owner').selectOption({ label: 'Bob Rep' });
    await expect
      .poll(() => page.getByTestId('portfolio-summary').innerText())
      .toBe('2 accounts, 0 of them key accounts (tier A).');
    await filters.getByLabel('Owner').selectOption({ label: 'Everyone' });
    await filters.getByLabel('Tier').selectOption({ label: 'Tier A' });
    await expect
      .poll(() => page.getByTestId('portfolio-summary').innerText())
      .toBe('3 accounts, 3 of them key accounts (tier A).');
    await filters.getByLabel('Tier').selectOption({ label: 'All tiers' });

    // Reassign Delta Print and Fjord Fisk to Alice in one step.
    const table = page.getByTestId('portfolio-table');
    await table.getByRole('checkbox', { name: 'Select Delta Print' }).check();
    await table.getByRole('checkbox', { name: 'Select Fjord Fisk' }).check();
    const batch = page.getByRole('form', { name: 'Change the selected accounts' });
    expect(await batch.getByRole('status').innerText()).toBe('2 selected');
    await batch.getByLabel('To').selectOption({ label: 'Alice Rep' });
    await batch.getByRole('button', { name: 'Apply to 2' }).click();
    await expect.poll(() => batch.innerText()).toContain('2 accounts changed.');
    await expect.poll(() => ownerCell(page, 'Delta Print').innerText()).toBe('Alice Rep');
    expect(await ownerCell(page, 'Fjord Fisk').innerText()).toBe('Alice Rep');
    await filters.getByLabel('Owner').selectOption({ label: 'Alice Rep' });
    await expect
      .poll(() => page.getByTestId('portfolio-summary').innerText())
      .toBe('4 accounts, 2 of them key accounts (tier A).');

    // The CSV of the current view (Alice's four accounts) parses back.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => [r.Account, r.Tier, r.Owner, r.Value, r['Within cadence']]).sort()).toEqual([
      ['Alpen Bau', 'A', 'Alice Rep', '500000', 'yes'],
      ['Baltic Freight', 'A', 'Alice Rep', '300000', 'no'],
      ['Delta Print', 'C', 'Alice Rep', '50000', 'no'],
      ['Fjord Fisk', 'C', 'Alice Rep', '10000', 'no'],
    ]);
    expect(parsed.data.find((r) => r.Account === 'Baltic Freight')!['Days since last touch']).toBe('40');
    expect(parsed.data.find((r) => r.Account === 'Delta Print')!['Last touch']).toBe('');

    // The teammate's browser receives the new owners through sync.
    const theirs = await teammate.page('portfolio.html');
    await theirs.setViewportSize({ width: 1400, height: 1000 });
    // A member starts on their own accounts (Dana owns none): the whole team is one choice away.
    await expect
      .poll(
        () =>
          theirs
            .getByTestId('portfolio-summary')
            .innerText()
            .catch(() => ''),
        { timeout: 20_000 },
      )
      .toBe('0 accounts, 0 of them key accounts (tier A).');
    await theirs.getByRole('form', { name: 'Filters' }).getByLabel('Owner').selectOption({ label: 'Everyone' });
    const panel = await teammate.page('sidepanel.html');
    await expect
      .poll(
        async () => {
          await panel.getByRole('button', { name: 'Sync now' }).click();
          return ownerCell(theirs, 'Delta Print')
            .innerText()
            .catch(() => '');
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe('Alice Rep');
    expect(await ownerCell(theirs, 'Fjord Fisk').innerText()).toBe('Alice Rep');
    expect(await ownerCell(theirs, 'Costa Foods').innerText()).toBe('Bob Rep');
  });
});
