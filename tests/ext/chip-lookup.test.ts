import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import type { PageContext } from '../../shared/page-context';
import type { AnyRecord } from '../../shared/records';
import { PageIndex } from '../../extension/background/page-index';
import { lookupContext } from '../../extension/background/context-lookup';
import { lookupPeople } from '../../extension/lib/people-lookup';
import { createRecord, deleteRecord, updateRecord } from '../../extension/ui/local-writes';
import { freshDbs } from '../support/test-db';

const NOW = 1_795_425_240_000;
const by = { memberId: 'member-1', now: NOW };
const newDb = freshDbs('chip-lookup');

const email = (people: { email: string; role?: 'from' | 'to' | 'cc'; self?: boolean }[]): PageContext => ({
  site: 'gmail',
  url: 'https://mail.google.com/mail/u/0/#inbox/1',
  subject: 'Order',
  people: people.map((p) => ({ name: '', role: p.role ?? 'to', self: !!p.self, email: p.email })),
  domains: [],
});

/** A small team whose data has what makes lookups go wrong: shared addresses, moves, deletions, odd domains. */
async function seeded() {
  const db = newDb();
  const accounts = Array.from({ length: 12 }, (_, i) =>
    buildRecord(
      'account',
      {
        name: `Account ${i}`,
        domains: i === 3 ? [] : i === 4 ? ['acme.co.uk', 'sales.acme.co.uk'] : [`a${i}-corp.com`],
        tier: (['A', 'B', 'C'] as const)[i % 3],
      },
      { ...by, now: NOW + i },
    ),
  );
  const contacts = Array.from({ length: 40 }, (_, i) =>
    buildRecord(
      'contact',
      {
        name: `Contact ${i}`,
        // Every tenth shares an address with the one before it; some sit at another account's domain.
        emails: [i % 10 === 0 && i > 0 ? `c${i - 1}@a${(i - 1) % 12}-corp.com` : `c${i}@a${i % 12}-corp.com`],
        accountId: i % 7 === 0 ? null : accounts[(i * 5) % 12]!.id,
      },
      { ...by, now: NOW + 100 + i },
    ),
  );
  const records: AnyRecord[] = [
    buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, internalDomains: ['a11-corp.com'] }, by),
    ...accounts,
    ...contacts,
    ...contacts.slice(0, 20).map((c, i) => buildRecord('task', { subjectId: c.id, title: `Call ${i}` }, by)),
    ...accounts.map((a, i) => buildRecord('note', { subjectId: a.id, body: `Note ${i}` }, by)),
    ...accounts.slice(0, 6).map((a, i) =>
      buildRecord(
        'deal',
        {
          name: `Deal ${i}`,
          accountId: a.id,
          pipelineId: 'new-business',
          stageId: 'qualify',
          currency: 'EUR',
          closeDate: `2027-0${1 + (i % 9)}-01`,
        },
        by,
      ),
    ),
  ];
  for (const r of records) await createRecord(db, r, NOW);
  return { db, accounts, contacts, index: new PageIndex(db) };
}

const addresses = [
  ...Array.from({ length: 40 }, (_, i) => `c${i}@a${i % 12}-corp.com`),
  'nobody@a5-corp.com',
  'someone@gmail.com',
  'buyer@acme.co.uk',
  'buyer@sales.acme.co.uk',
  'colleague@a11-corp.com',
  'x@unknown.example.org',
];

/** The chip's answer and the people lookup, both ways, for every address alone and a few together. */
async function expectSameAnswers(db: ReturnType<typeof newDb>, index: PageIndex) {
  await index.current();
  const groups = [
    ...addresses.map((a) => [a]),
    addresses.slice(0, 9),
    addresses.slice(30),
    ['buyer@acme.co.uk', 'c4@a4-corp.com'],
  ];
  for (const group of groups) {
    const context = email(group.map((a, i) => ({ email: a, role: i === 0 ? 'from' : 'cc' })));
    expect(await lookupContext(db, context, true, index)).toEqual(await lookupContext(db, context, true));
    const internal = index.internalDomains;
    const [viaMemory, viaQuery] = await Promise.all([
      lookupPeople(db, group, { internal, index: index.people }),
      lookupPeople(db, group, { internal }),
    ]);
    expect(viaMemory.accounts.map((a) => a.id)).toEqual(viaQuery.accounts.map((a) => a.id));
    expect([...viaMemory.contactByEmail].map(([e, c]) => [e, c.id])).toEqual(
      [...viaQuery.contactByEmail].map(([e, c]) => [e, c.id]),
    );
    for (const a of group) expect(viaMemory.accountFor(a)?.id).toBe(viaQuery.accountFor(a)?.id);
  }
}

describe('the chip’s lookup from the background’s index', () => {
  it('answers exactly as the database’s indexes do', async () => {
    const { db, index } = await seeded();
    expect(index.loaded).toBe(false);
    await expectSameAnswers(db, index);
    expect(index.loaded).toBe(true);
    const known = await lookupContext(db, email([{ email: 'c1@a1-corp.com', role: 'from' }]), true, index);
    expect(known.primary).toMatchObject({ kind: 'contact', label: 'Contact 1', email: 'c1@a1-corp.com' });
  });

  it('still agrees after edits, moves, deletions and a far-future clock', async () => {
    const { db, index, accounts, contacts } = await seeded();
    await index.current();
    const later = Date.UTC(9999, 0, 1);
    // A contact changes address and account, another is deleted, an account loses its domain and another gains it.
    await updateRecord(
      db,
      'contact',
      contacts[2]!.id,
      { emails: ['c2@a5-corp.com', 'nobody@a5-corp.com'], accountId: accounts[9]!.id },
      later,
    );
    await deleteRecord(db, 'contact', contacts[1]!.id, later);
    await updateRecord(db, 'account', accounts[5]!.id, { domains: [] }, later);
    await updateRecord(db, 'account', accounts[3]!.id, { domains: ['a5-corp.com'] }, later);
    await deleteRecord(db, 'account', accounts[6]!.id, later);
    await expectSameAnswers(db, index);
    const moved = await lookupContext(db, email([{ email: 'nobody@a5-corp.com', role: 'from' }]), true, index);
    expect(moved.primary).toMatchObject({ kind: 'contact', label: 'Contact 2', accountName: 'Account 9' });
    const gone = await lookupContext(db, email([{ email: 'c1@a1-corp.com', role: 'from' }]), true, index);
    expect(gone.primary).toMatchObject({ kind: 'unknown', accountName: 'Account 1' });
    // The same edit twice changes nothing.
    await updateRecord(db, 'account', accounts[3]!.id, { domains: ['a5-corp.com'] }, later);
    await expectSameAnswers(db, index);
  });
});
