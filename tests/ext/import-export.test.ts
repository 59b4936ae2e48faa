import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { freshDbs } from '../support/test-db';
import { createRecord } from '../../extension/ui/local-writes';
import { contactsCsv, csvDrafts, guessMapping, parseCsv } from '../../extension/ui/import/csv';
import { contactsVcard, vcardDrafts } from '../../extension/ui/import/vcard';
import { applyImport, planImport } from '../../extension/ui/import/plan';
import { allQueued, queuedCount } from '../../extension/lib/outbox';

const NOW = 1_795_425_240_000;
const by = { teamId: 'team-1', memberId: 'member-1', now: NOW };
const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/import', name), 'utf8');
const newDb = freshDbs('import');

async function seeded() {
  const db = newDb();
  const nordlicht = buildRecord(
    'account',
    { name: 'Nordlicht Logistik GmbH', domains: ['nordlicht-logistik.de'], tier: 'A' },
    by,
  );
  const ana = buildRecord(
    'contact',
    { name: 'ana@known.example', emails: ['ana@known.example'], phones: ['+1 555 0100'] },
    by,
  );
  await createRecord(db, nordlicht, NOW);
  await createRecord(db, ana, NOW);
  return { db, nordlicht, ana };
}

describe('CSV import', () => {
  it('recognises a Google Contacts export and maps its columns', async () => {
    const table = await parseCsv(fixture('google.csv'));
    const { source, mapping } = guessMapping(table.headers);
    expect(source).toBe('Google Contacts');
    const mapped = Object.fromEntries(table.headers.map((h, i) => [h, mapping[i]]).filter(([, f]) => f !== 'ignore'));
    expect(mapped).toEqual({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Notes: 'note',
      Labels: 'tags',
      'E-mail 1 - Value': 'email',
      'E-mail 2 - Value': 'email',
      'Phone 1 - Value': 'phone',
      'Organization Name': 'company',
      'Organization Title': 'title',
    });
    const drafts = csvDrafts(table, mapping);
    expect(drafts[0]).toEqual({
      line: 2,
      name: 'Jonas Weber',
      emails: ['j.weber@nordlicht-logistik.de'],
      phones: ['+49 40 555-0100'],
      title: 'Head of Procurement',
      company: 'Nordlicht Logistik GmbH',
      tags: ['Key'],
      note: 'Prefers calls before 10.',
    });
    expect(drafts[2]!.name).toBe('王小明'); // family name first, written together
  });

  it('recognises a HubSpot export', async () => {
    const table = await parseCsv(fixture('hubspot.csv'));
    const { source, mapping } = guessMapping(table.headers);
    expect(source).toBe('HubSpot');
    expect(csvDrafts(table, mapping)).toEqual([
      {
        line: 2,
        name: 'Sofia Rossi',
        emails: ['sofia.rossi@harbor-foods.it'],
        phones: ['+39 02 555 1234'],
        title: 'COO',
        company: 'Harbor Foods S.p.A.',
        tags: [],
        note: '',
      },
      {
        line: 3,
        name: '김민수',
        emails: ['minsu.kim@hanbit.co.kr'],
        phones: [],
        title: '팀장',
        company: '한빛소프트',
        tags: [],
        note: '',
      },
    ]);
  });

  it('plans before writing: duplicates folded, known addresses merged, companies matched or created, bad rows reported', async () => {
    const { db, nordlicht, ana } = await seeded();
    const table = await parseCsv(fixture('google.csv'));
    const drafts = csvDrafts(table, guessMapping(table.headers).mapping);
    const progress: number[] = [];
    const plan = await planImport(db, drafts, by, (done, total) => progress.push(done / total));
    expect(await db.contacts.count()).toBe(1); // nothing written yet
    expect(plan.skipped).toEqual([
      { line: 7, reason: { key: 'import.skip.notEmail', vars: { value: 'not-an-address' } } },
      { line: 8, reason: { key: 'import.skip.noName' } },
    ]);
    expect(plan.mergedInFile).toBe(1);
    const jonas = plan.contacts.find((c) => c.name === 'Jonas Weber')!;
    expect(jonas).toMatchObject({
      emails: ['j.weber@nordlicht-logistik.de', 'jonas@nordlicht-logistik.de'],
      phones: ['+49 40 555-0100', '+49 40 555-0199'],
      accountId: nordlicht.id,
      source: 'import',
    });
    // "Nordlicht Logistik" is the same company as "Nordlicht Logistik GmbH".
    expect(plan.contacts.find((c) => c.name === 'Lena Vogel')!.accountId).toBe(nordlicht.id);
    expect(plan.accounts.map((a) => [a.name, a.domains])).toEqual([
      ['华辰电子有限公司', ['huachen.cn']],
      ['New Customer AG', ['new-customer.de']],
    ]);
    expect(plan.merges).toEqual([
      {
        contact: ana,
        line: 9,
        patch: { phones: ['+1 555 0100', '+1 555 0101'], title: 'Director', name: 'Ana Existing' },
      },
    ]);
    expect(plan.notes.map((n) => n.body).sort()).toEqual(['Prefers calls before 10.', '需要样品, 下周到上海']);
    expect(progress.at(-1)).toBe(1);

    await applyImport(db, plan, NOW + 1);
    expect(await db.contacts.count()).toBe(5);
    expect((await db.contacts.get(ana.id))!.title).toBe('Director');
    expect(await db.notes.count()).toBe(2);
    // Every write is queued for the server: 2 accounts, 4 new contacts, 1 merge, 2 notes (after the 2 seeded).
    expect(await queuedCount(db)).toBe(2 + 2 + 4 + 1 + 2);
  });

  it('writes nothing when any record of the import fails', async () => {
    const { db } = await seeded();
    const table = await parseCsv(fixture('hubspot.csv'));
    const plan = await planImport(db, csvDrafts(table, guessMapping(table.headers).mapping), by);
    // A write that fails after the records were written (the outbox already holds the next mutation
    // id, as a damaged queue would): the transaction is undone, records and queue as they were.
    const client = (await db.getMeta('client'))!;
    await db.outbox.add({ ...(await allQueued(db))[0]!, id: client.nextMutationId });
    const before = { contacts: await db.contacts.toArray(), queued: await queuedCount(db) };
    await expect(applyImport(db, plan)).rejects.toThrow(/ConstraintError|constraint/i);
    expect(await db.contacts.toArray()).toEqual(before.contacts);
    expect(await db.accounts.count()).toBe(1);
    expect(await queuedCount(db)).toBe(before.queued);
  });

  it('merges into a record a sync brought between the preview and the import (same stable id), instead of failing', async () => {
    const { db } = await seeded();
    const table = await parseCsv(fixture('hubspot.csv'));
    const plan = await planImport(db, csvDrafts(table, guessMapping(table.headers).mapping), by);
    await db.contacts.put({ ...plan.contacts[1]!, name: 'Synced meanwhile', title: 'From a teammate' });
    await applyImport(db, plan);
    expect(await db.contacts.get(plan.contacts[1]!.id)).toMatchObject({
      name: plan.contacts[1]!.name,
      emails: plan.contacts[1]!.emails,
    });
    expect(await db.contacts.count()).toBe(plan.contacts.length + 1);
  });

  it('imports the same person once, whoever imports them (same id as a capture of the address)', async () => {
    const { db } = await seeded();
    const table = await parseCsv(fixture('hubspot.csv'));
    const drafts = csvDrafts(table, guessMapping(table.headers).mapping);
    const first = await planImport(db, drafts, by);
    const second = await planImport(db, drafts, { ...by, memberId: 'member-2' });
    expect(second.contacts.map((c) => c.id)).toEqual(first.contacts.map((c) => c.id));
  });

  it('refuses what is not CSV with a clear error', async () => {
    await expect(parseCsv('')).rejects.toThrow('This file is empty.');
  });
});

describe('vCard import', () => {
  it('reads vCard 3.0 (folded lines, structured names and companies, categories, notes) and reports an empty card', async () => {
    const drafts = vcardDrafts(fixture('contacts-v3.vcf'));
    expect(drafts[0]).toEqual({
      line: 1,
      name: 'Jonas Weber',
      emails: ['j.weber@nordlicht-logistik.de'],
      phones: ['+49 40 555-0100'],
      title: 'Head of Procurement',
      company: 'Nordlicht Logistik GmbH',
      tags: ['freight', 'key'],
      note: 'Met at the Hamburg fair.\nWants a pilot in the spring; budget approved in March.',
    });
    const { db, nordlicht } = await seeded();
    const plan = await planImport(db, drafts, by);
    expect(plan.contacts[0]!.accountId).toBe(nordlicht.id);
    expect(plan.skipped).toEqual([{ line: 2, reason: { key: 'import.skip.noName' } }]);
  });

  it('reads vCard 4.0 with tel: URIs and CJK names', () => {
    expect(vcardDrafts(fixture('contacts-v4.vcf'))).toEqual([
      {
        line: 1,
        name: '王小明',
        emails: ['wang@huachen.cn'],
        phones: ['+86-21-5555-0000'],
        title: '',
        company: '华辰电子有限公司',
        tags: [],
        note: '',
      },
      {
        line: 2,
        name: '김민수',
        emails: ['minsu.kim@hanbit.co.kr'],
        phones: [],
        title: '',
        company: '',
        tags: [],
        note: '',
      },
    ]);
  });

  it('refuses a file without cards', () => {
    expect(() => vcardDrafts('hello')).toThrow(/not readable as vCard|no vCard/);
  });
});

describe('export', () => {
  const people = [
    {
      id: '01a2096b-d5ad-76eb-9bf0-706a3475e59e',
      name: 'Weber, Jonas "JW"',
      emails: ['j.weber@nordlicht-logistik.de', 'jonas@nordlicht-logistik.de'],
      phones: ['+49 40 555-0100'],
      title: 'Head of Procurement',
      company: 'Acme; Inc',
      tags: ['key', 'freight'],
      updatedAt: NOW,
    },
    {
      id: '01a2096b-d5ad-76eb-9bf0-706a3475e59f',
      name: '王小明',
      emails: ['wang@huachen.cn'],
      phones: [],
      title: '',
      company: '华辰电子有限公司',
      tags: [],
      updatedAt: NOW,
    },
  ];

  it('CSV comes back in as the same contacts, and cannot run as a spreadsheet formula', async () => {
    const csv = contactsCsv([...people, { ...people[1]!, name: '=HYPERLINK("http://evil")', company: '@SUM(A1)' }]);
    const table = await parseCsv(csv);
    const back = csvDrafts(table, guessMapping(table.headers).mapping);
    expect(
      back
        .slice(0, 2)
        .map(({ name, emails, phones, title, company, tags }) => ({ name, emails, phones, title, company, tags })),
    ).toEqual(
      people.map(({ name, emails, phones, title, company, tags }) => ({ name, emails, phones, title, company, tags })),
    );
    expect(back[2]!.name).toBe(`'=HYPERLINK("http://evil")`);
    expect(back[2]!.company).toBe(`'@SUM(A1)`);
  });

  it('vCard 4.0 comes back in as the same contacts', () => {
    const vcf = contactsVcard(people);
    expect(vcf).toContain('VERSION:4.0');
    expect(vcf).toContain('ORG:Acme\\; Inc');
    expect(
      vcardDrafts(vcf).map(({ name, emails, phones, title, company, tags }) => ({
        name,
        emails,
        phones,
        title,
        company,
        tags,
      })),
    ).toEqual(
      people.map(({ name, emails, phones, title, company, tags }) => ({ name, emails, phones, title, company, tags })),
    );
  });
});
