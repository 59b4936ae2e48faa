import { describe, expect, it } from 'vitest';
import type { Author } from '../../extension/ui/author';
import { buildRecord } from '../../shared/factories';
import { LIMITS } from '../../shared/records';
import {
  accountForDomain,
  addGoal,
  handOver,
  keepLast,
  recordReview,
  saveScores,
} from '../../extension/ui/account-writes';
import { captureContact } from '../../extension/ui/email-capture';
import { createRecord, deleteRecord, onLocalWrite } from '../../extension/ui/local-writes';
import { currentPlan } from '../../extension/lib/queries';
import { freshDbs } from '../support/test-db';

const freshDb = freshDbs('account-writes');
const by = (memberId: string, now = 1_800_000_000_000): Author => ({ teamId: 'team-1', memberId, now });

describe('account writes', () => {
  it('an account for a domain has one id however it is made: from an email here, from the company’s page on another device', async () => {
    const [email, page] = [freshDb(), freshDb()];
    const { contact } = await captureContact(
      email,
      {
        name: 'Ana',
        email: 'ana@portoverde.pt',
        title: '',
        phone: '',
        account: { kind: 'new', name: 'Porto Verde', domain: 'portoverde.pt' },
      },
      by('rep-a'),
    );
    const fromPage = await accountForDomain(
      page,
      { name: 'Porto Verde Lda', domain: 'https://www.portoverde.pt/about' },
      by('rep-b'),
      { freeMail: 'allow' },
    );
    expect(fromPage.created).toBe(true);
    expect(fromPage.account.id).toBe(contact.accountId);
    // Met again on the same device: the existing account, not a second one.
    const again = await accountForDomain(email, { name: 'Another name', domain: 'portoverde.pt' }, by('rep-a'));
    expect(again).toMatchObject({ created: false, account: { id: contact.accountId, name: 'Porto Verde' } });
    expect(await email.accounts.count()).toBe(1);
  });

  it('refuses what is not a company domain, and a free-mail domain unless asked for (naver.com the company)', async () => {
    const db = freshDb();
    await expect(accountForDomain(db, { name: 'X', domain: 'not a domain' }, by('rep'))).rejects.toMatchObject({
      key: 'error.notDomain',
    });
    await expect(accountForDomain(db, { name: 'Kim', domain: 'naver.com' }, by('rep'))).rejects.toMatchObject({
      key: 'error.personalDomain',
    });
    await expect(accountForDomain(db, { name: '  ', domain: 'acme.example' }, by('rep'))).rejects.toMatchObject({
      key: 'error.accountName',
    });
    expect(await db.accounts.count()).toBe(0);
    expect(
      (await accountForDomain(db, { name: 'NAVER', domain: 'naver.com' }, by('rep'), { freeMail: 'allow' })).created,
    ).toBe(true);
  });

  it('a deleted account’s id is not revived by a new one for its domain', async () => {
    const db = freshDb();
    const first = (await accountForDomain(db, { name: 'Acme', domain: 'acme.example' }, by('rep'))).account;
    await deleteRecord(db, 'account', first.id);
    const second = (await accountForDomain(db, { name: 'Acme again', domain: 'acme.example' }, by('rep'))).account;
    expect(second.id).not.toBe(first.id);
  });

  it('a handover changes the owner and leaves an interaction in the account’s history', async () => {
    const db = freshDb();
    const account = await createRecord(db, buildRecord('account', { name: 'Acme', ownerId: 'rep-a' }, by('rep-a')));
    await handOver(db, account, 'rep-b', 'Handed over from Ann to Bo', by('rep-a', 1_800_000_100_000));
    expect((await db.accounts.get(account.id))!.ownerId).toBe('rep-b');
    expect(await db.interactions.toArray()).toEqual([
      expect.objectContaining({
        subjectIds: [account.id],
        summary: 'Handed over from Ann to Bo',
        at: 1_800_000_100_000,
      }),
    ]);
  });

  it('reviews and score history keep the last 50; a "new plan" review makes this year’s plan once, with one id on every device', async () => {
    const [a, b] = [freshDb(), freshDb()];
    const fields = { name: 'Acme', tier: 'A' as const, reviewEvery: 90 };
    let account = await createRecord(a, buildRecord('account', fields, by('rep-a')));
    const accountOnB = await createRecord(b, { ...account });
    const scorecard = [{ id: 'fit', label: 'Fit', family: 'attractiveness' as const, weight: 1 }];
    for (let i = 0; i < LIMITS.listItems + 5; i++) {
      await recordReview(
        a,
        account,
        { answer: `review ${i}`, outcome: 'keep', tier: 'A', score: null },
        by('rep-a', 1_800_000_000_000 + i),
      );
      await saveScores(a, account, { fit: i % 10 }, scorecard, by('rep-a', 1_800_000_000_000 + i));
      account = (await a.accounts.get(account.id))!;
    }
    expect(account.reviews).toHaveLength(LIMITS.listItems);
    expect(account.reviews.at(-1)!.answer).toBe(`review ${LIMITS.listItems + 4}`);
    expect(account.scoreHistory).toHaveLength(LIMITS.listItems);
    expect(account.nextReviewAt).toBe(1_800_000_000_000 + LIMITS.listItems + 4 + 90 * 86_400_000);

    const year = new Date(1_800_000_000_000).getFullYear();
    await recordReview(a, account, { answer: 'new plan', outcome: 'new-plan', tier: 'A', score: null }, by('rep-a'));
    await recordReview(
      a,
      (await a.accounts.get(account.id))!,
      { answer: 'again', outcome: 'new-plan', tier: 'A', score: null },
      by('rep-a'),
    );
    await recordReview(
      b,
      accountOnB,
      { answer: 'other device', outcome: 'new-plan', tier: 'A', score: null },
      by('rep-b'),
    );
    expect(await a.plans.count()).toBe(1);
    expect((await currentPlan(b, account.id, year))!.id).toBe((await currentPlan(a, account.id, year))!.id);
    expect(keepLast([1, 2, 3], 4, 3)).toEqual([2, 3, 4]);
  });

  it('a goal added with no plan yet makes the plan; every local write announces itself once', async () => {
    const db = freshDb();
    let announced = 0;
    const stop = onLocalWrite(() => announced++);
    try {
      const account = await createRecord(db, buildRecord('account', { name: 'Acme' }, by('rep')));
      await addGoal(
        db,
        account.id,
        2027,
        { id: 'g1', title: 'Renew', measure: '', dueAt: null, progress: 0 },
        by('rep'),
      );
      expect((await currentPlan(db, account.id, 2027))!.goals.map((g) => g.title)).toEqual(['Renew']);
      expect(announced).toBe(3); // the account, the plan, the goal
    } finally {
      stop();
    }
  });
});
