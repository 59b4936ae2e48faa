import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { pushRecords } from '../../scripts/lib/seed';
import { serveDemoPages } from '../../scripts/lib/demo-pages';
import { freePort } from '../../scripts/lib/wrangler';
import { createTeam, joinAs } from '../support/team';
import { chipKind } from '../support/extension-pages';
import { launchProfile, type ExtensionProfile } from '../../scripts/lib/chromium';

const serverUrl = inject('serverUrl');
const extensionDir = inject('extensionDir');
const productionDir = inject('productionDir');

describe('a team sharing notes through the sync server', () => {
  let a: ExtensionProfile;
  let b: ExtensionProfile;
  let accountName: string;

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'E2E Team', 'Owner');
    accountName = `Porto Verde Retail ${Date.now() % 10_000}`;
    const account = buildRecord(
      'account',
      { name: accountName, domains: ['portoverde.pt'], tier: 'A' },
      { memberId: owner.member.id, now: Date.now() },
    );
    const contact = buildRecord(
      'contact',
      { name: 'Inês Costa', emails: ['ines.costa@portoverde.pt'], accountId: account.id },
      { memberId: owner.member.id, now: Date.now() },
    );
    await pushRecords(serverUrl, owner.token, [account, contact]);
    [a, b] = await Promise.all([launchProfile(extensionDir), launchProfile(extensionDir)]);
    await joinAs(a, serverUrl, owner.token, 'Alice');
    await joinAs(b, serverUrl, owner.token, 'Bob');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("shows a note added in profile A's side panel in profile B's side panel after sync", async () => {
    const panelA = await a.page('sidepanel.html');
    await panelA.getByRole('button', { name: new RegExp(accountName) }).click();
    const noteText = `Call Inês on Tuesday about the Q3 drops — ${crypto.randomUUID().slice(0, 8)}`;
    await panelA.getByLabel('New note').fill(noteText);
    await panelA.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => panelA.getByTestId('notes').innerText()).toContain(noteText);
    // The note leaves A: nothing waiting to send.
    await expect
      .poll(() => panelA.getByTestId('sync-status').innerText(), { timeout: 20_000 })
      .toMatch(/^Synced (?!.*waiting)/);

    const panelB = await b.page('sidepanel.html');
    await panelB.getByRole('button', { name: 'Sync now' }).click();
    await panelB.getByRole('button', { name: new RegExp(accountName) }).click();
    await expect.poll(() => panelB.getByTestId('notes').innerText(), { timeout: 20_000 }).toContain(noteText);
    await panelB.screenshot({ path: join('test-results', 'side-panel-profile-b.png') });
  });

  it('draws the chip on the demo inbox for a known sender, and on the demo company page', async () => {
    const demo = await serveDemoPages(await freePort());
    try {
      const page = await a.context.newPage();
      await page.goto(`${demo.url}/demo/inbox`);
      await expect.poll(() => chipKind(page), { timeout: 15_000 }).toBe('contact');
      await page.screenshot({ path: join('test-results', 'demo-inbox-chip.png') });
      // The demo Outlook message: a sender this team does not know, beside whom the chip offers to add her.
      const outlook = await a.context.newPage();
      await outlook.goto(`${demo.url}/demo/outlook`);
      await expect
        .poll(() => chipKind(outlook, '[data-testid="SenderPersona"] + margin-chip'), { timeout: 15_000 })
        .toBe('unknown');
      // The company page names its organisation; the team has that account.
      const owner = await createTeam(serverUrl, 'Company Page Team');
      await pushRecords(serverUrl, owner.token, [
        buildRecord(
          'account',
          { name: 'Nordlicht Logistik', tier: 'A' },
          { memberId: owner.member.id, now: Date.now() },
        ),
      ]);
      const c = await launchProfile(extensionDir);
      try {
        await joinAs(c, serverUrl, owner.token, 'Carla');
        const panel = await c.page('sidepanel.html');
        await panel.getByRole('button', { name: /Nordlicht Logistik/ }).waitFor();
        const company = await c.context.newPage();
        await company.goto(`${demo.url}/demo/company`);
        await expect.poll(() => chipKind(company), { timeout: 15_000 }).toBe('account');
      } finally {
        await c.close();
      }
    } finally {
      demo.server.close();
    }
  });

  it('keeps the production build off the local demo host', () => {
    const manifest = JSON.parse(readFileSync(join(productionDir, 'manifest.json'), 'utf8')) as {
      host_permissions: string[];
      content_scripts: { matches: string[] }[];
    };
    const patterns = [...manifest.host_permissions, ...manifest.content_scripts.flatMap((c) => c.matches)];
    expect(patterns).toContain('https://mail.google.com/*');
    expect(patterns.filter((p) => p.includes('127.0.0.1') || p.includes('localhost'))).toEqual([]);
  });
});
