import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { pushRecords } from '../../scripts/lib/seed';
import { launchProfile, type ExtensionProfile } from '../../scripts/lib/chromium';
import { createTeam, joinAs } from '../support/team';
import { waitForFirstSync } from '../support/extension-pages';

const serverUrl = inject('serverUrl');
const productionDir = inject('productionDir');
const FIXTURES = join(__dirname, '../fixtures/import');

describe('importing and exporting contacts from the options', () => {
  let a: ExtensionProfile;
  let b: ExtensionProfile;

  beforeAll(async () => {
    const owner = await createTeam(serverUrl, 'Import Team', 'Olivia Owner');
    const by = { memberId: owner.member.id, now: Date.now() - 86_400_000 };
    await pushRecords(serverUrl, owner.token, [
      buildRecord('account', { name: 'Nordlicht Logistik GmbH', domains: ['nordlicht-logistik.de'], tier: 'A' }, by),
    ]);
    a = await launchProfile(productionDir);
    b = await launchProfile(productionDir);
    await joinAs(a, serverUrl, owner.token, 'Alice Rep');
    await joinAs(b, serverUrl, owner.token, 'Bob Rep');
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('maps a Google Contacts CSV, previews it with the skipped rows, imports it at once, and a teammate finds the people', async () => {
    await waitForFirstSync(a);
    const options = await a.page('options.html');
    await options.getByTestId('import-file').setInputFiles(join(FIXTURES, 'google.csv'));
    const section = options.getByTestId('import-export');
    await expect.poll(() => section.innerText()).toContain('Recognised a Google Contacts export');
    expect(await options.getByLabel('Import column “E-mail 1 - Value” as').inputValue()).toBe('email');
    expect(await options.getByLabel('Import column “Birthday” as').inputValue()).toBe('ignore');
    const mapping = await new AxeBuilder({ page: options as never }).include('[data-testid="import-export"]').analyze();
    expect(
      mapping.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
    await options.getByRole('button', { name: 'Preview' }).click();
    const preview = options.getByTestId('import-preview');
    await expect.poll(() => preview.innerText()).toContain('5 new contacts');
    const text = await preview.innerText();
    expect(text).toContain('1 row with the address of an earlier row');
    expect(text).toContain('2 new accounts: 华辰电子有限公司, New Customer AG');
    expect(await options.getByTestId('import-skipped').innerText()).toBe(
      'Line 7: “not-an-address” is not an email address\nLine 8: no name and no email address',
    );
    await options.screenshot({ path: join('test-results', 'import-preview.png'), fullPage: true });
    await options.getByRole('button', { name: 'Import 5 contacts' }).click();
    await expect.poll(() => options.getByTestId('import-done').innerText()).toContain('Imported 5 new contacts');
    await options.close();

    // The teammate's browser gets them through the server and finds them by search.
    const panel = await b.page('sidepanel.html');
    await panel.getByRole('tab', { name: 'Contacts' }).click();
    await expect
      .poll(
        async () => {
          await panel.getByRole('button', { name: 'Sync now' }).click();
          return panel.getByTestId('contacts-list').innerText();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain('Mara Schulz');
    const box = panel.getByTestId('search-input');
    const results = panel.getByTestId('search-results');
    await box.fill('mara');
    await expect
      .poll(async () => `${await results.getAttribute('data-query')} ${await results.innerText()}`)
      .toMatch(/^mara [\s\S]*Mara Schulz/);
    await box.fill('小明');
    await expect
      .poll(async () => `${await results.getAttribute('data-query')} ${await results.innerText()}`)
      .toMatch(/^小明 [\s\S]*王小明/);
    await panel.close();
  });

  it('imports a vCard file, and exports contacts as CSV and vCard that read back in', async () => {
    const options = await a.page('options.html');
    await options.getByTestId('import-file').setInputFiles(join(FIXTURES, 'contacts-v4.vcf'));
    const preview = options.getByTestId('import-preview');
    await expect.poll(() => preview.innerText()).toContain('1 new contact');
    expect(await preview.innerText()).toContain('1 contact the team has already'); // 王小明 came with the CSV
    await options.getByRole('button', { name: 'Import 2 contacts' }).click();
    await expect.poll(() => options.getByTestId('import-done').innerText()).toContain('Imported 1 new contact');

    const [csvDownload] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Contacts as CSV' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/^margin-contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await csvDownload.path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain('Name,Email,Other emails,Phone,Other phones,Company,Title,Tags');
    expect(csv).toContain(
      'Jonas Weber,j.weber@nordlicht-logistik.de,jonas@nordlicht-logistik.de,+49 40 555-0100,+49 40 555-0199,Nordlicht Logistik GmbH,Head of Procurement,Key',
    );
    expect(csv).toContain('김민수,minsu.kim@hanbit.co.kr');

    const [vcfDownload] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Contacts as vCard' }).click(),
    ]);
    const vcf = readFileSync((await vcfDownload.path())!, 'utf8');
    expect(vcf.match(/BEGIN:VCARD/g)).toHaveLength(6);
    expect(vcf).toContain('FN:王小明');
    expect(vcf).toContain('ORG:华辰电子有限公司');

    // A file that is neither is refused with a reason, and nothing changes.
    await options.getByRole('button', { name: 'Import another file' }).click();
    await options
      .getByTestId('import-file')
      .setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    await expect.poll(() => options.getByRole('alert').innerText()).toBe('This file is empty.');
    await options.close();
  });
});
