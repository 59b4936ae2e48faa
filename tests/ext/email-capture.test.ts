import { afterEach, describe, expect, inject, it } from 'vitest';
import type { SessionResponse } from '../../shared/api';
import { buildRecord } from '../../shared/factories';
import type { PageContext } from '../../shared/page-context';
import { syncApi } from '../../extension/background/api-client';
import { MarginDB } from '../../extension/lib/db';
import { captureContact, logEmail, loggedEmail } from '../../extension/ui/email-capture';
import { accountForAddress } from '../../extension/lib/queries';
import { emailContextGroups } from '../../extension/lib/email-context';
import { lookupContext } from '../../extension/background/context-lookup';
import { createRecord } from '../../extension/ui/local-writes';
import { syncOnce } from '../../extension/background/sync-engine';
import { createInvite, createTeam, joinTeam } from '../support/team';

const serverUrl = inject('serverUrl');
const opened: MarginDB[] = [];
const NOW = 1_795_425_240_000;

function localDb() {
  const db = new MarginDB(`capture-${crypto.randomUUID()}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const author = { teamId: 'team-1', memberId: 'member-1', now: NOW };

/** The Gmail thread fixture, as the adapter reads it. */
const thread: PageContext = {
  site: 'gmail',
  url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWbLmvtbn',
  link: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWbLmvtbn',
  subject: 'Re: 2027 framework renewal',
  threadId: '18f0a1b2c3d4e5f6',
  messageId: '18f0a1b2c3d4e5f8',
  sentAt: NOW - 3_600_000,
  domains: [],
  people: [
    { email: 'marta.silva@portoverde.pt', name: 'Marta Silva', role: 'from' },
    { email: 'alice@margin-e2e.example', name: 'Alice Rep', role: 'to', self: true },
    { email: 'bob@margin-e2e.example', name: 'Bob Colleague', role: 'to' },
    { email: 'sean.obrien@portoverde.pt', name: "O'Brien, Seán", role: 'to' },
    { email: 'kim.private@naver.com', name: '김민준', role: 'cc' },
  ],
};

async function seed(db: MarginDB) {
  const settings = await createRecord(
    db,
    buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, internalDomains: ['margin-e2e.example'] }, author),
    NOW,
  );
  const account = await createRecord(
    db,
    buildRecord('account', { name: 'Porto Verde Retail', domains: ['portoverde.pt'], tier: 'A' }, author),
    NOW,
  );
  return { settings, account };
}

describe('capturing a contact from an email', () => {
  it('matches the account by domain, and merges a second capture of the same address instead of duplicating', async () => {
    const db = localDb();
    const { account } = await seed(db);
    expect(await accountForAddress(db, 'Marta.Silva@PortoVerde.pt')).toMatchObject({
      domain: 'portoverde.pt',
      freeMail: false,
      account: { id: account.id },
    });
    const first = await captureContact(
      db,
      {
        name: 'Marta Silva',
        email: 'marta.silva@portoverde.pt',
        title: 'Senior Buyer',
        phone: '',
        account: { kind: 'existing', accountId: account.id },
      },
      author,
    );
    expect(first.merged).toBe(false);
    expect(first.contact).toMatchObject({
      name: 'Marta Silva',
      emails: ['marta.silva@portoverde.pt'],
      title: 'Senior Buyer',
      accountId: account.id,
      source: 'email',
    });

    const again = await captureContact(
      db,
      {
        name: 'M. Silva',
        email: 'MARTA.SILVA@portoverde.pt',
        title: 'Buyer',
        phone: '+351 912 555 019',
        account: { kind: 'none' },
      },
      author,
    );
    expect(again.merged).toBe(true);
    expect(await db.contacts.count()).toBe(1);
    // Empty fields filled, a new phone added; what the team already had is kept.
    expect(await db.contacts.get(first.contact.id)).toMatchObject({
      name: 'Marta Silva',
      title: 'Senior Buyer',
      phones: ['+351 912 555 019'],
      accountId: account.id,
    });
  });

  it('never makes an account from a free-mail domain, and reuses an account made for a domain', async () => {
    const db = localDb();
    expect(await accountForAddress(db, 'kim.private@naver.com')).toMatchObject({
      domain: 'naver.com',
      freeMail: true,
      account: undefined,
    });
    await expect(
      captureContact(
        db,
        {
          name: 'Kim',
          email: 'kim.private@naver.com',
          title: '',
          phone: '',
          account: { kind: 'new', name: 'Naver', domain: 'naver.com' },
        },
        author,
      ),
    ).rejects.toThrow(/personal mail provider/);
    expect(await db.contacts.count()).toBe(0);
    expect(await db.accounts.count()).toBe(0);

    const one = await captureContact(
      db,
      {
        name: 'Jonas Weber',
        email: 'j.weber@nordlicht-logistik.de',
        title: 'Geschäftsführer',
        phone: '',
        account: { kind: 'new', name: 'Nordlicht Logistik GmbH', domain: 'www.nordlicht-logistik.de' },
      },
      author,
    );
    const two = await captureContact(
      db,
      {
        name: 'Lena Hoffmann',
        email: 'l.hoffmann@nordlicht-logistik.de',
        title: '',
        phone: '',
        account: { kind: 'new', name: 'Nordlicht', domain: 'nordlicht-logistik.de' },
      },
      author,
    );
    expect(await db.accounts.toArray()).toEqual([
      expect.objectContaining({ name: 'Nordlicht Logistik GmbH', domains: ['nordlicht-logistik.de'] }),
    ]);
    expect(one.contact.accountId).toBe(two.contact.accountId);
  });

  it('refuses a bad field with a clear error and writes nothing', async () => {
    const db = localDb();
    await expect(
      captureContact(
        db,
        {
          name: '',
          email: 'marta.silva@portoverde.pt',
          title: '',
          phone: '',
          account: { kind: 'new', name: 'Porto Verde', domain: 'portoverde.pt' },
        },
        author,
      ),
    ).rejects.toThrow(/name is required/);
    expect(await db.accounts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('the open email in the side panel and the chip', () => {
  it('groups people by account, keeps colleagues and the reader out of the customers, and picks the sender for the chip', async () => {
    const db = localDb();
    const { account } = await seed(db);
    const groups = await emailContextGroups(db, thread);
    expect(
      groups.map((g) => [g.kind, g.account?.name ?? g.domain ?? null, g.people.map((p) => p.person.email)]),
    ).toEqual([
      ['account', 'Porto Verde Retail', ['marta.silva@portoverde.pt', 'sean.obrien@portoverde.pt']],
      ['personal', null, ['kim.private@naver.com']],
      ['team', null, ['bob@margin-e2e.example']],
    ]);
    expect(await lookupContext(db, thread, true)).toMatchObject({
      primary: { kind: 'unknown', email: 'marta.silva@portoverde.pt', accountName: account.name, tier: 'A' },
    });
    // An email among colleagues only has no customer to show.
    const internalOnly = { ...thread, people: thread.people.filter((p) => p.email.endsWith('margin-e2e.example')) };
    expect((await lookupContext(db, internalOnly, true)).primary).toBeNull();
  });
});

describe('logging an email', () => {
  it('records subject, participants, date and link against the people the team knows, once', async () => {
    const db = localDb();
    const { account } = await seed(db);
    await expect(logEmail(db, { ...thread, people: [thread.people[4]!] }, { text: null }, author)).rejects.toThrow(
      /Add the sender as a contact first/,
    );
    const { contact } = await captureContact(
      db,
      {
        name: 'Marta Silva',
        email: 'marta.silva@portoverde.pt',
        title: '',
        phone: '',
        account: { kind: 'existing', accountId: account.id },
      },
      author,
    );
    const first = await logEmail(db, thread, { text: null }, author);
    expect(first.already).toBe(false);
    expect(first.interaction).toMatchObject({
      kind: 'email',
      at: thread.sentAt,
      summary: 'Re: 2027 framework renewal',
      capturedText: null,
      reference: {
        messageId: '18f0a1b2c3d4e5f8',
        subject: 'Re: 2027 framework renewal',
        link: thread.link,
        participants: [
          'marta.silva@portoverde.pt',
          'bob@margin-e2e.example',
          'sean.obrien@portoverde.pt',
          'kim.private@naver.com',
        ],
      },
    });
    expect(new Set(first.interaction.subjectIds)).toEqual(new Set([contact.id, account.id]));
    const second = await logEmail(db, thread, { text: 'should not be stored' }, { ...author, now: NOW + 1000 });
    expect(second).toMatchObject({ already: true, interaction: { id: first.interaction.id, capturedText: null } });
    expect(await db.interactions.count()).toBe(1);
    expect(await loggedEmail(db, author.teamId, thread)).toMatchObject({ id: first.interaction.id });
    // The text only when the rep asked for it.
    const other = await logEmail(
      db,
      { ...thread, messageId: 'another-message' },
      { text: 'Thanks for the draft.' },
      author,
    );
    expect(other.interaction.capturedText).toBe('Thanks for the draft.');
  });

  it('gives two reps capturing the same person and logging the same email one contact and one interaction, through the real server', async () => {
    const owner: SessionResponse = await createTeam(serverUrl, 'Capture Team');
    const member = await joinTeam(serverUrl, await createInvite(serverUrl, owner.token), 'Bea');
    const [a, b] = [localDb(), localDb()];
    const apiA = syncApi(serverUrl, owner.token);
    const apiB = syncApi(serverUrl, member.token);
    const byA = { teamId: owner.team.id, memberId: owner.member.id, now: Date.now() };
    const byB = { teamId: member.team.id, memberId: member.member.id, now: Date.now() + 5 };
    // Both offline: each captures Marta (with a new account for her domain) and logs the email.
    for (const [db, by, title] of [
      [a, byA, 'Senior Buyer'],
      [b, byB, ''],
    ] as const) {
      await captureContact(
        db,
        {
          name: 'Marta Silva',
          email: 'marta.silva@portoverde.pt',
          title,
          phone: '',
          account: { kind: 'new', name: 'Porto Verde Retail', domain: 'portoverde.pt' },
        },
        by,
      );
      await logEmail(db, thread, { text: null }, by);
    }
    await syncOnce(a, apiA);
    await syncOnce(b, apiB);
    await syncOnce(a, apiA);
    for (const db of [a, b]) {
      expect((await db.contacts.toArray()).filter((c) => !c.deleted)).toHaveLength(1);
      expect((await db.accounts.toArray()).filter((x) => !x.deleted)).toHaveLength(1);
      expect((await db.interactions.toArray()).filter((x) => !x.deleted)).toHaveLength(1);
    }
    expect((await a.contacts.toArray())[0]).toEqual((await b.contacts.toArray())[0]);
  });
});
