import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import type { PageContext } from '../../shared/page-context';
import { emailContextGroups } from '../../extension/lib/email-context';
import { lookupPeople } from '../../extension/lib/people-lookup';
import { computePrompts } from '../../shared/prompts';
import { freshDbs } from '../support/test-db';

const NOW = 1_795_425_240_000;
const by = { memberId: 'member-1', now: NOW };
const newDb = freshDbs('email-groups');

const email = (people: { email: string; role: 'from' | 'to' | 'cc'; name?: string }[]): PageContext => ({
  site: 'gmail',
  url: 'https://mail.google.com/mail/u/0/#inbox/1',
  subject: 'Order',
  people: people.map((p) => ({ name: p.name ?? '', role: p.role, self: false, email: p.email })),
  domains: [],
});

async function seeded() {
  const db = newDb();
  const sales = buildRecord('account', { name: 'Example Sales', domains: ['sales.example.co.uk'], tier: 'A' }, by);
  const group = buildRecord('account', { name: 'Example Group', domains: ['example.co.uk'], tier: 'B' }, by);
  const lone = buildRecord('account', { name: 'Lone Branch', domains: ['eu.branch.example.de'], tier: 'C' }, by);
  await db.accounts.bulkPut([sales, group, lone]);
  return { db, sales, group, lone };
}

describe('the open email’s people by customer', () => {
  it('files an address under the account keeping its host, a subdomain, before the one keeping the parent', async () => {
    const { db, sales, group, lone } = await seeded();
    const found = await lookupPeople(db, [
      'j.doe@sales.example.co.uk',
      'k.lee@example.co.uk',
      'm.roe@hq.example.co.uk',
      'x@eu.branch.example.de',
      'y@branch.example.de',
    ]);
    expect(found.accountFor('j.doe@sales.example.co.uk')?.id).toBe(sales.id);
    expect(found.accountFor('k.lee@example.co.uk')?.id).toBe(group.id);
    // A sibling host falls back to the registrable domain's account.
    expect(found.accountFor('m.roe@hq.example.co.uk')?.id).toBe(group.id);
    // Only a stored subdomain, and the address at it: matched; a parent host is not that account.
    expect(found.accountFor('x@eu.branch.example.de')?.id).toBe(lone.id);
    expect(found.accountFor('y@branch.example.de')).toBeUndefined();
  });

  it('lists the sender first, whatever order the page read the people in', async () => {
    const { db, sales } = await seeded();
    const groups = await emailContextGroups(
      db,
      email([
        { email: 'cc@sales.example.co.uk', role: 'cc' },
        { email: 'to@sales.example.co.uk', role: 'to' },
        { email: 'boss@sales.example.co.uk', role: 'from' },
      ]),
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]!.account?.id).toBe(sales.id);
    expect(groups[0]!.people.map((p) => `${p.person.role} ${p.person.email}`)).toEqual([
      'from boss@sales.example.co.uk',
      'cc cc@sales.example.co.uk',
      'to to@sales.example.co.uk',
    ]);
  });

  it('names the subdomain’s account in the unknown sender’s prompt', async () => {
    const { sales, group } = await seeded();
    const prompts = computePrompts(
      { accounts: [group, sales], contacts: [], interactions: [], tasks: [], states: [], settings: undefined },
      {
        now: NOW,
        timeZone: 'UTC',
        memberId: 'member-1',
        email: {
          subject: 'Order',
          logged: false,
          people: email([{ email: 'new.person@sales.example.co.uk', role: 'from', name: 'New Person' }]).people,
        },
      },
    );
    const unknown = prompts.find((p) => p.rule === 'unknown-sender');
    expect(unknown?.accountId).toBe(sales.id);
  });
});
