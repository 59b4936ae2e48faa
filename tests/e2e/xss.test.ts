import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { formatHlc } from '../../shared/hlc';
import { pushRecords } from '../../scripts/lib/seed';
import { launchProfile, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createTeam, joinAs } from '../support/team';
import { chipKind, waitForFirstSync } from '../support/extension-pages';

const serverUrl = inject('serverUrl');
const productionDir = inject('productionDir');

const IMG = '<img src="x" onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=1</script>';
const RTL = 'Invoice\u202Egpj.exe\u200B';

/** A Gmail thread whose subject and sender name are hostile, as a page could make them. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Inbox - rep@us.example - Gmail</title></head><body>
<div class="a98 iY"><h2 class="hP">Re: ${IMG.replace(/"/g, '&quot;').replace(/</g, '&lt;')} quote</h2>
<div class="adn" data-legacy-message-id="m1"><table><tr><td class="gF"><span class="qu"><span class="gD" email="evil@hostile.example" name="${IMG.replace(/"/g, '&quot;').replace(/</g, '&lt;')}">x</span></span></td></tr></table>
<div class="hb">to <span class="g2" email="rep@us.example">me</span></div><div class="ii gt">Hi<br>Regards<br>${SCRIPT.replace(/</g, '&lt;')}<br>javascript:alert(1)</div></div></div></body></html>`;

/** True when nothing hostile ran or became markup in the page. */
async function inert(page: Page) {
  const ran = await page.evaluate('window.__xss');
  const images = await page.locator('img[src="x"]').count();
  const scripts = await page.evaluate(`[...document.scripts].filter((s) => s.textContent.includes('__xss')).length`);
  return { ran: ran ?? null, images, scripts };
}

describe('hostile text from pages and records is shown inert', () => {
  let a: ExtensionProfile;

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'XSS Team', 'Olivia Owner');
    const by = { memberId: owner.member.id, now: Date.now() - 60 * 86_400_000 };
    const account = buildRecord('account', { name: `Hostile ${IMG}`, domains: ['hostile.example'], tier: 'A' }, by);
    const contact = buildRecord(
      'contact',
      { name: `Eve ${SCRIPT}`, emails: ['evil@hostile.example'], title: RTL, accountId: account.id },
      by,
    );
    await pushRecords(serverUrl, owner.token, [
      account,
      contact,
      buildRecord('note', { subjectId: account.id, body: `${IMG} ${SCRIPT} [click](javascript:alert(1)) ${RTL}` }, by),
      buildRecord(
        'task',
        { subjectId: account.id, title: `${IMG}`, dueAt: Date.now() - 86_400_000, assigneeId: null },
        by,
      ),
      buildRecord(
        'interaction',
        {
          subjectIds: [contact.id],
          kind: 'email',
          at: Date.now() - 50 * 86_400_000,
          summary: SCRIPT,
          reference: {
            messageId: 'm0',
            subject: IMG,
            participants: ['evil@hostile.example'],
            link: 'https://mail.google.com/mail/u/0/#all/m0',
          },
        },
        by,
      ),
    ]);
    // A javascript: link is refused by the server's schema before it is ever stored. Sent by hand, not through
    // the API client: this is a hostile request no Margin would build.
    const clientId = crypto.randomUUID();
    const refused = await fetch(`${serverUrl}/v1/sync/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({
        clientId,
        mutations: [
          {
            id: 1,
            name: 'record.create',
            hlc: formatHlc({ ms: Date.now(), counter: 0 }, clientId),
            args: {
              record: {
                ...buildRecord('interaction', { subjectIds: [contact.id], kind: 'email', at: Date.now() }, by),
                reference: { messageId: 'm', subject: 's', participants: [], link: 'javascript:alert(1)' },
              },
            },
          },
        ],
      }),
    });
    expect(JSON.stringify(await refused.json())).toMatch(/invalid|http\(s\)/);
    a = await launchProfile(productionDir);
    await a.context.route('https://mail.google.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE }),
    );
    await joinAs(a, serverUrl, owner.token, 'Alice Rep');
  });

  afterAll(async () => {
    await a?.close();
  });

  it('in the chip, the side panel, the account card and the popup, and no script runs', async () => {
    await waitForFirstSync(a);
    const gmail = await a.context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/x');
    await expect.poll(() => chipKind(gmail), { timeout: 15_000 }).toBe('contact');
    // The chip's label carries the hostile name as text (in its accessible name).
    expect(await gmail.locator('margin-chip').evaluate((el) => el.shadowRoot === null)).toBe(true); // closed: the page cannot reach in
    expect(await inert(gmail)).toEqual({ ran: null, images: 0, scripts: 0 });

    const panel = await a.page('sidepanel.html');
    const context = panel.getByTestId('email-context');
    await expect
      .poll(() => context.innerText(), { timeout: 15_000 })
      .toContain('<img src="x" onerror="window.__xss=1"> quote');
    await expect.poll(() => context.innerText()).toContain('Eve <script>window.__xss=1</script>');
    expect(await inert(panel)).toEqual({ ran: null, images: 0, scripts: 0 });

    await panel.getByRole('tab', { name: 'Accounts' }).click();
    await panel.getByRole('button', { name: /Hostile/ }).click();
    await expect.poll(() => panel.getByTestId('notes').innerText()).toContain('[click](javascript:alert(1))');
    expect(await panel.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await inert(panel)).toEqual({ ran: null, images: 0, scripts: 0 });

    const popup = await a.page('popup.html');
    await expect.poll(() => popup.getByTestId('agenda').innerText(), { timeout: 10_000 }).toContain(IMG);
    expect(await inert(popup)).toEqual({ ran: null, images: 0, scripts: 0 });
  });
});
