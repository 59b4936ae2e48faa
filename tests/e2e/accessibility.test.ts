import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { pushRecords } from '../../scripts/lib/seed';
import { launchProfile, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createTeam, joinAs } from '../support/team';
import { waitForFirstSync } from '../support/extension-pages';
import { seriousViolations } from '../support/axe';

const serverUrl = inject('serverUrl');
const productionDir = inject('productionDir');

/** Serious and critical axe-core violations on the page as it is now, as readable lines. */
async function violations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return seriousViolations(result.violations, label);
}

describe('accessibility of the side panel, popup and options (axe-core, light and dark)', () => {
  let a: ExtensionProfile;
  let accountName: string;

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'A11y Team', 'Olivia Owner');
    const by = { memberId: owner.member.id, now: Date.now() - 40 * 86_400_000 };
    const account = buildRecord(
      'account',
      {
        name: 'Nordlicht Logistik GmbH',
        domains: ['nordlicht-logistik.de'],
        tier: 'A',
        kind: 'strategic',
        reviewEvery: 30,
        nextReviewAt: Date.now() - 86_400_000,
      },
      by,
    );
    accountName = account.name;
    const contact = buildRecord(
      'contact',
      { name: 'Inês Costa', emails: ['ines.costa@portoverde.pt'], accountId: account.id },
      by,
    );
    await pushRecords(serverUrl, owner.token, [
      account,
      contact,
      buildRecord('note', { subjectId: account.id, body: 'Jonas wants the warehouse pilot priced before March.' }, by),
      buildRecord(
        'task',
        { subjectId: account.id, title: 'Send the pilot quote', dueAt: Date.now() - 86_400_000, assigneeId: null },
        by,
      ),
      buildRecord(
        'deal',
        {
          name: 'Warehouse pilot',
          accountId: account.id,
          pipelineId: 'new-business',
          stageId: 'propose',
          amount: 24_000,
          currency: 'EUR',
          ownerId: owner.member.id,
          closeDate: '2027-02-26',
          nextStep: 'Price the pilot',
          stageHistory: [{ at: by.now, by: owner.member.id, stageId: 'propose' }],
        },
        by,
      ),
    ]);
    a = await launchProfile(productionDir);
    // The demo Gmail thread (from Inês Costa), served at Gmail's address.
    await a.context.route('https://mail.google.com/**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: readFileSync(join(process.cwd(), 'scripts/demo/pages/inbox.html'), 'utf8'),
      }),
    );
    await joinAs(a, serverUrl, owner.token, 'Alice Rep');
  });

  afterAll(async () => {
    await a?.close();
  });

  it('has no serious or critical violations in any main view, in light and in dark mode', async () => {
    await waitForFirstSync(a);
    const gmail = await a.context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/18d4c2a1b2c3d4e5');
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const panel = await a.page('sidepanel.html');
      await panel.emulateMedia({ colorScheme: scheme });
      await panel.getByTestId('sync-status').waitFor();
      await gmail.bringToFront();
      await expect
        .poll(
          () =>
            panel
              .getByTestId('email-context')
              .innerText()
              .catch(() => ''),
          { timeout: 15_000 },
        )
        .toContain('Inês Costa');
      found.push(...(await violations(panel, `${scheme} side panel, this email`)));
      await panel.getByRole('tab', { name: 'Today' }).click();
      await panel.getByTestId('agenda').waitFor();
      found.push(...(await violations(panel, `${scheme} side panel, today`)));
      await panel.getByRole('tab', { name: 'Deals' }).click();
      // Olivia's deal: not in Alice's own list until she asks for the team's.
      await expect
        .poll(() => panel.getByRole('tabpanel', { name: 'Deals' }).innerText())
        .toContain('You have no open deal.');
      await panel.getByLabel('Only mine').uncheck();
      await expect.poll(() => panel.getByTestId('deals-list').innerText()).toContain('Warehouse pilot');
      found.push(...(await violations(panel, `${scheme} side panel, deals`)));
      await panel.getByRole('tab', { name: 'Accounts' }).click();
      await panel.getByRole('button', { name: new RegExp(accountName) }).waitFor();
      found.push(...(await violations(panel, `${scheme} side panel, accounts`)));
      await panel.getByTestId('search-input').fill('nordlicht');
      await expect.poll(() => panel.getByTestId('search-results').getAttribute('data-query')).toBe('nordlicht');
      found.push(...(await violations(panel, `${scheme} side panel, search`)));
      await panel.getByTestId('search-input').press('Enter');
      await panel.getByRole('article').waitFor();
      found.push(...(await violations(panel, `${scheme} side panel, account`)));
      await panel.screenshot({ path: `test-results/account-${scheme}.png`, fullPage: true });
      await panel.getByTestId('account-deals').getByRole('button', { name: 'Warehouse pilot' }).click();
      await panel.getByTestId('deal-detail').waitFor();
      found.push(...(await violations(panel, `${scheme} side panel, a deal`)));
      await panel.close();

      const popup = await a.page('popup.html');
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.getByTestId('agenda').waitFor();
      found.push(...(await violations(popup, `${scheme} popup`)));
      await popup.close();

      const board = await a.page('pipeline.html');
      await board.emulateMedia({ colorScheme: scheme });
      await board.getByTestId('deal-card').first().waitFor();
      found.push(...(await violations(board, `${scheme} pipeline board`)));
      await board.getByRole('link', { name: 'List' }).click();
      await board.getByTestId('deal-table').waitFor();
      found.push(...(await violations(board, `${scheme} pipeline list`)));
      await board.close();

      const options = await a.page('options.html');
      await options.emulateMedia({ colorScheme: scheme });
      await options.getByTestId('signed-in').waitFor();
      await options.getByTestId('shortcuts').locator('tr').first().waitFor();
      // The diagnostics log with an entry in it (as bestEffort records one), so its list is checked too.
      if (!(await options.getByTestId('diagnostics').getByText('Error: a failed badge update').count())) {
        await options.getByTestId('diagnostics-empty').waitFor();
        await options.evaluate(
          () =>
            new Promise<void>((resolve, reject) => {
              const open = indexedDB.open('margin');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const tx = open.result.transaction('diagnostics', 'readwrite');
                tx.objectStore('diagnostics').add({
                  feature: 'badge',
                  message: 'Error: a failed badge update',
                  at: Date.now(),
                });
                tx.oncomplete = () => {
                  open.result.close();
                  resolve();
                };
                tx.onerror = () => reject(tx.error);
              };
            }),
        );
        await options.reload();
      }
      await options.getByTestId('diagnostics').getByText('Error: a failed badge update').waitFor();
      await options.getByTestId('diagnostics').getByRole('button', { name: 'Copy report' }).waitFor();
      await options.screenshot({ path: `test-results/options-${scheme}.png`, fullPage: true });
      found.push(...(await violations(options, `${scheme} options`)));
      await options.close();
    }
    expect(found).toEqual([]);
  });

  it('dark mode follows the system', async () => {
    const panel = await a.page('sidepanel.html');
    await panel.emulateMedia({ colorScheme: 'dark' });
    const dark = await panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await panel.emulateMedia({ colorScheme: 'light' });
    const light = await panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).toBe('rgb(17, 24, 39)');
    expect(light).toBe('rgb(255, 255, 255)');
    await panel.close();
  });

  it('everything in the side panel is reachable by keyboard, with a visible focus', async () => {
    const panel = await a.page('sidepanel.html');
    await panel.getByRole('tab', { name: 'Accounts' }).waitFor();
    const seen: { tag: string; text: string; outline: string }[] = [];
    for (let i = 0; i < 12; i++) {
      await panel.keyboard.press('Tab');
      seen.push(
        await panel.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          return {
            tag: el.tagName,
            text: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40),
            outline: `${style.outlineStyle} ${style.outlineWidth}`,
          };
        }),
      );
    }
    // Search, sync now, the tabs and the account list are all on the way, each with a focus ring.
    const texts = seen.map((s) => s.text);
    expect(texts).toEqual(
      expect.arrayContaining(['Search accounts, contacts and notes', 'Sync now', 'Today', 'Accounts', 'Contacts']),
    );
    expect(
      seen.filter((s) => s.tag !== 'BODY').every((s) => s.outline.startsWith('solid') && s.outline !== 'solid 0px'),
    ).toBe(true);
    await panel.close();
  });
});
