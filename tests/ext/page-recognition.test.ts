import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { freshDbs } from '../support/test-db';
import type { PageContext } from '../../shared/page-context';
import { PageIndex } from '../../extension/background/page-index';
import { createRecord, deleteRecord, updateRecord } from '../../extension/ui/local-writes';
import { pageSummary, recognizePage } from '../../extension/lib/page-recognition';
import { accountDraftFromPage, addDomainToAccount } from '../../extension/ui/page-capture';

const NOW = 1_795_425_240_000;
const by = { memberId: 'member-1', now: NOW };
const newDb = freshDbs('recognise');

async function seeded() {
  const db = newDb();
  const nordlicht = buildRecord(
    'account',
    { name: 'Nordlicht Logistik GmbH', domains: ['nordlicht-logistik.de'], tier: 'A' },
    by,
  );
  const example = buildRecord('account', { name: '例子科技有限公司', domains: ['例子.中国'], tier: 'B' }, by);
  const uk = buildRecord('account', { name: 'Albion Trading Ltd', domains: ['albion.co.uk'] }, by);
  const huachen = buildRecord('account', { name: '华辰电子', domains: [] }, by);
  const jonas = buildRecord(
    'contact',
    { name: 'Jonas Weber', emails: ['j.weber@nordlicht-logistik.de'], accountId: nordlicht.id },
    by,
  );
  for (const r of [
    buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, internalDomains: ['margin-team.example'] }, by),
    nordlicht,
    example,
    uk,
    huachen,
    jonas,
    buildRecord('task', { subjectId: nordlicht.id, title: 'Quote the Hamburg warehouse' }, by),
    buildRecord('note', { subjectId: nordlicht.id, body: 'Jonas decides.' }, by),
    buildRecord('note', { subjectId: jonas.id, body: 'Prefers calls to email.' }, by),
  ])
    await createRecord(db, r, NOW);
  return { db, index: new PageIndex(db), nordlicht, example, uk, huachen, jonas };
}

const page = (
  url: string,
  details: Partial<NonNullable<PageContext['page']>> = {},
  domains?: string[],
): PageContext => ({
  site: 'page',
  url,
  people: [],
  domains: domains ?? [new URL(url).hostname],
  page: { title: '', description: '', names: [], addresses: [], ...details },
});

describe('recognising a page from the local cache', () => {
  it('by the site’s domain, subdomains and public suffixes included', async () => {
    const { db, index, nordlicht, uk } = await seeded();
    expect(
      (await recognizePage(db, index, page('https://careers.eu.nordlicht-logistik.de/jobs'))).recognition.accounts,
    ).toEqual([{ id: nordlicht.id, via: 'domain' }]);
    expect((await recognizePage(db, index, page('https://a.b.albion.co.uk/'))).recognition.accounts).toEqual([
      { id: uk.id, via: 'domain' },
    ]);
    // Another company under the same public suffix is not Albion.
    expect((await recognizePage(db, index, page('https://other.co.uk/'))).recognition.accounts).toEqual([]);
  });

  it('an account stored with a Unicode domain is found from the page’s xn-- host', async () => {
    const { db, index, example } = await seeded();
    // Browsers report IDN hosts in their ASCII form.
    expect(
      (await recognizePage(db, index, page('https://www.xn--fsqu00a.xn--fiqs8s/about'))).recognition.accounts,
    ).toEqual([{ id: example.id, via: 'domain' }]);
  });

  it('by the organisation’s name, legal forms ignored', async () => {
    const { db, index, nordlicht, huachen } = await seeded();
    const blog = page('https://logistics-blog.example/review', { names: ['NORDLICHT LOGISTIK'] });
    expect((await recognizePage(db, index, blog)).recognition.accounts).toEqual([{ id: nordlicht.id, via: 'name' }]);
    const profile = page('https://profiles.example.com/u/wang', { names: ['华辰电子有限公司'] });
    expect((await recognizePage(db, index, profile)).recognition.accounts).toEqual([{ id: huachen.id, via: 'name' }]);
    const titled = page('https://directory.example/n', { title: 'Company profile — Nordlicht Logistik AG' });
    expect((await recognizePage(db, index, titled)).recognition.accounts).toEqual([{ id: nordlicht.id, via: 'name' }]);
  });

  it('by the addresses on the page: known contacts, and their account when nothing stronger says otherwise', async () => {
    const { db, index, nordlicht, jonas } = await seeded();
    const news = page('https://harbour-daily.example/ports', {
      names: ['Harbour Daily'],
      addresses: [
        { email: 'j.weber@nordlicht-logistik.de', name: '' },
        { email: 'press@harbour-daily.example', name: '' },
      ],
    });
    const found = await recognizePage(db, index, news);
    expect(found.recognition).toEqual({
      accounts: [{ id: nordlicht.id, via: 'contact' }],
      contacts: [{ id: jonas.id, email: 'j.weber@nordlicht-logistik.de' }],
    });
    const summary = await pageSummary(db, index, found, true);
    expect(summary).toMatchObject({
      primary: { kind: 'account', label: 'Nordlicht Logistik GmbH', tier: 'A', openTasks: 1, notes: 2 },
      knownPeople: 1,
      knownEmails: ['j.weber@nordlicht-logistik.de'],
    });
  });

  it('never takes the team’s own site for a customer', async () => {
    const { db, index } = await seeded();
    await createRecord(db, buildRecord('account', { name: 'Ourselves', domains: ['margin-team.example'] }, by), NOW);
    expect((await recognizePage(db, index, page('https://www.margin-team.example/'))).recognition.accounts).toEqual([]);
  });

  it('follows the change log: a new domain, a rename and a deletion are seen without a rebuild', async () => {
    const { db, index, nordlicht, uk } = await seeded();
    const site = page('https://nordlicht.hamburg/', { names: ['Albion Trading'] });
    expect((await recognizePage(db, index, site)).recognition.accounts).toEqual([{ id: uk.id, via: 'name' }]);
    const size = index.size;
    await updateRecord(
      db,
      'account',
      nordlicht.id,
      { domains: ['nordlicht-logistik.de', 'nordlicht.hamburg'] },
      NOW + 1,
    );
    expect((await recognizePage(db, index, site)).recognition.accounts.map((a) => a.via)).toEqual(['domain', 'name']);
    await updateRecord(db, 'account', uk.id, { name: 'Albion Holdings' }, NOW + 2);
    await deleteRecord(db, 'account', nordlicht.id, NOW + 3);
    expect((await recognizePage(db, index, site)).recognition.accounts).toEqual([]);
    expect(index.size).toBe(size - 1);
  });

  it('follows contacts too: a new address is known at once, a removed one no longer', async () => {
    const { db, index, jonas } = await seeded();
    const team = page('https://about.example/team', {
      addresses: [
        { email: 'lena@nordlicht-logistik.de', name: 'Lena' },
        { email: 'j.weber@nordlicht-logistik.de', name: '' },
      ],
    });
    expect((await recognizePage(db, index, team)).recognition.contacts.map((c) => c.email)).toEqual([
      'j.weber@nordlicht-logistik.de',
    ]);
    const lena = buildRecord('contact', { name: 'Lena Hoffmann', emails: ['lena@nordlicht-logistik.de'] }, by);
    await createRecord(db, lena, NOW + 1);
    await updateRecord(db, 'contact', jonas.id, { emails: ['jonas@nordlicht-logistik.de'] }, NOW + 2);
    expect((await recognizePage(db, index, team)).recognition.contacts).toEqual([
      { id: lena.id, email: 'lena@nordlicht-logistik.de' },
    ]);
  });
});

describe('capture from a page', () => {
  it('drafts an account from the page’s details', () => {
    expect(
      accountDraftFromPage(
        page('https://www.nordlicht-logistik.de/', {
          names: ['Nordlicht Logistik GmbH'],
          description: 'Contract logistics.',
        }),
      ),
    ).toEqual({ name: 'Nordlicht Logistik GmbH', domain: 'nordlicht-logistik.de', description: 'Contract logistics.' });
    // No organisation metadata: the title's shortest part; a free-mail site is no company's domain.
    expect(
      accountDraftFromPage(page('https://mail.yahoo.com/x', { title: 'Welcome to the best portal | Yahoo' })),
    ).toEqual({ name: 'Yahoo', domain: '', description: '' });
  });

  it('refuses a domain another account already has, and a bad domain, writing nothing', async () => {
    const { db, nordlicht, uk } = await seeded();
    await expect(addDomainToAccount(db, uk.id, 'careers.nordlicht-logistik.de')).rejects.toThrow(
      /already belongs to Nordlicht/,
    );
    await expect(addDomainToAccount(db, uk.id, 'not a domain')).rejects.toThrow(/not a web domain/);
    expect((await db.accounts.get(uk.id))?.domains).toEqual(['albion.co.uk']);
    expect((await db.accounts.get(nordlicht.id))?.domains).toEqual(['nordlicht-logistik.de']);
  });
});
