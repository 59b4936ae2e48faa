import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import {
  computePrompts as computeRaw,
  snoozeKey,
  type Prompt,
  type PromptClock,
  type PromptData,
} from '../../shared/prompts';
import { writePromptText } from '../../extension/i18n/prompt-text';
import type { PagePerson } from '../../shared/page-context';
import type { Account, AnyRecord, Contact, Interaction, PromptState, Settings, Task } from '../../shared/records';
import { registerAllCatalogs } from '../../extension/i18n/catalogs';

// The pages load their language on demand; here every catalog is at hand from the start.
registerAllCatalogs();

const DAY = 86_400_000;
const ME = 'member-me';
const MATE = 'member-mate';
/** Monday 23 November 2026, 10:00 UTC. */
const NOW = Date.UTC(2026, 10, 23, 10, 0);
const by = (now = NOW - 200 * DAY, memberId = ME) => ({ memberId, now });

function data(records: AnyRecord[], settings?: Partial<Settings>): PromptData {
  const of = <T extends AnyRecord['type']>(type: T) =>
    records.filter((r): r is Extract<AnyRecord, { type: T }> => r.type === type);
  return {
    accounts: of('account') as Account[],
    contacts: of('contact') as Contact[],
    interactions: of('interaction') as Interaction[],
    tasks: of('task') as Task[],
    states: of('promptState') as PromptState[],
    settings: settings
      ? buildRecord('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, ...settings }, by())
      : undefined,
  };
}
const clock = (over: Partial<PromptClock> = {}): PromptClock => ({ now: NOW, timeZone: 'UTC', memberId: ME, ...over });
const touch = (subjectIds: string[], at: number) =>
  buildRecord('interaction', { subjectIds, kind: 'call', at }, by(at));
/** Prompts with their words written in English, as the side panel shows them to an English reader. */
const computePrompts = (d: PromptData, c: PromptClock) =>
  computeRaw(d, c).map((p: Prompt) => ({
    ...p,
    title: writePromptText('en', p.title),
    reason: writePromptText('en', p.reason),
  }));
const rules = (d: PromptData, c = clock()) => computePrompts(d, c).map((p) => [p.rule, p.title, p.reason, p.when]);

describe('follow-up due by tier cadence', () => {
  const porto = buildRecord('account', { name: 'Porto Verde', tier: 'A', domains: ['portoverde.pt'] }, by());
  const ines = buildRecord(
    'contact',
    { name: 'Inês Costa', emails: ['ines@portoverde.pt'], accountId: porto.id },
    by(),
  );
  const dated = buildRecord(
    'task',
    { subjectId: porto.id, title: 'Quote', dueAt: NOW + 20 * DAY, assigneeId: MATE },
    by(),
  );

  it('fires for a tier-A account last touched 40 days ago, with the reason', () => {
    const prompts = computePrompts(data([porto, ines, dated, touch([ines.id], NOW - 40 * DAY)]), clock());
    expect(prompts.find((p) => p.rule === 'follow-up-due')).toMatchObject({
      title: 'Follow up with Porto Verde',
      reason: 'Tier A: last touch 40 days ago; cadence 14 days',
      when: 'overdue',
      tier: 'A',
      subjectId: porto.id,
    });
  });

  it('is written in the reader’s language: the words, the plural and the date', () => {
    const prompt = computeRaw(data([porto, ines, dated, touch([ines.id], NOW - 40 * DAY)]), clock()).find(
      (p) => p.rule === 'follow-up-due',
    )!;
    expect(writePromptText('ko', prompt.title)).toBe('Porto Verde 후속 연락');
    expect(writePromptText('ko', prompt.reason)).toBe('A등급: 마지막 연락 40일 전, 주기 14일');
    expect(writePromptText('zh-CN', prompt.reason)).toBe('A 级：上次联系在 40 天前；节奏 14 天');
    const grace = buildRecord(
      'contact',
      { name: 'Grace', importantDates: [{ label: 'Birthday', date: '11-24' }] },
      by(),
    );
    const care = computeRaw(data([grace]), clock()).find((p) => p.rule === 'care-date')!;
    expect(writePromptText('en', care.reason)).toBe('Birthday of Grace in 1 day (Nov 24, 2026)');
    expect(writePromptText('zh-TW', care.reason)).toBe('Grace的Birthday：1 天後（2026年11月24日）');
    expect(writePromptText('ko', care.reason)).toBe('Grace의 Birthday: 1일 후(2026년 11월 24일)');
  });

  it('shows an upcoming follow-up inside the lead days, and nothing further out; cadences come from settings', () => {
    const b = buildRecord('account', { name: 'Cedar', tier: 'B' }, by());
    const c = buildRecord('account', { name: 'Tidewater', tier: 'C' }, by());
    const d = data([b, c, touch([b.id], NOW - 28 * DAY), touch([c.id], NOW - 40 * DAY)]);
    expect(rules(d)).toEqual([
      ['follow-up-due', 'Follow up with Cedar', 'Tier B: last touch 28 days ago; cadence 30 days', 'upcoming'],
    ]);
    expect(rules({ ...d, settings: data([], { cadenceDays: { A: 7, B: 60, C: 30 } }).settings })).toEqual([
      ['follow-up-due', 'Follow up with Tidewater', 'Tier C: last touch 40 days ago; cadence 30 days', 'overdue'],
    ]);
  });

  it('counts calendar days in the rep’s time zone', () => {
    // 23:30 UTC on the 22nd is already the 23rd in Seoul, and still the 22nd in Los Angeles and UTC.
    const a = buildRecord('account', { name: 'Hanbit', tier: 'A' }, by());
    const d = data([a, touch([a.id], Date.UTC(2026, 10, 8, 23, 30))]);
    const at = Date.UTC(2026, 10, 23, 1, 0); // 10:00 on the 23rd in Seoul, 17:00 on the 22nd in LA
    const reason = (timeZone: string) =>
      computePrompts(d, clock({ now: at, timeZone })).find((p) => p.rule === 'follow-up-due')?.reason;
    expect(reason('UTC')).toBe('Tier A: last touch 15 days ago; cadence 14 days');
    expect(reason('Asia/Seoul')).toBe('Tier A: last touch 14 days ago; cadence 14 days');
    expect(reason('America/Los_Angeles')).toBe('Tier A: last touch 14 days ago; cadence 14 days');
    expect(
      computePrompts(d, clock({ now: at, timeZone: 'Asia/Seoul' })).find((p) => p.rule === 'follow-up-due')?.when,
    ).toBe('today');
  });

  it('can be switched off by the team', () => {
    const d = data([porto, dated, touch([porto.id], NOW - 40 * DAY)], {
      promptRules: { 'follow-up-due': { enabled: false } },
    });
    expect(rules(d)).toEqual([]);
  });
});

describe('care dates', () => {
  const contactWith = (date: string, label = 'Birthday') =>
    buildRecord('contact', { name: 'Grace Miller', importantDates: [{ label, date }] }, by());
  const care = (records: AnyRecord[], c = clock()) =>
    computePrompts(data(records), c)
      .filter((p) => p.rule === 'care-date')
      .map((p) => [p.reason, p.when]);

  it('prompts N days ahead, and not before', () => {
    expect(care([contactWith('11-30')])).toEqual([['Birthday of Grace Miller in 7 days (Nov 30, 2026)', 'upcoming']]);
    expect(care([contactWith('12-01')])).toEqual([]);
    expect(care([contactWith('11-23')])).toEqual([['Birthday of Grace Miller today', 'today']]);
  });

  it('handles month ends, year ends, 29 February and one-off dates', () => {
    expect(care([contactWith('02-01')], clock({ now: Date.UTC(2026, 0, 31, 12) }))).toEqual([
      ['Birthday of Grace Miller in 1 day (Feb 1, 2026)', 'upcoming'],
    ]);
    expect(care([contactWith('01-02')], clock({ now: Date.UTC(2026, 11, 30, 12) }))).toEqual([
      ['Birthday of Grace Miller in 3 days (Jan 2, 2027)', 'upcoming'],
    ]);
    expect(care([contactWith('02-29')], clock({ now: Date.UTC(2027, 1, 25, 12) }))).toEqual([
      ['Birthday of Grace Miller in 3 days (Feb 28, 2027)', 'upcoming'],
    ]);
    expect(care([contactWith('02-29')], clock({ now: Date.UTC(2028, 1, 25, 12) }))).toEqual([
      ['Birthday of Grace Miller in 4 days (Feb 29, 2028)', 'upcoming'],
    ]);
    const renewal = buildRecord(
      'account',
      { name: 'Aurora', tier: 'B', importantDates: [{ label: 'Contract renewal', date: '2026-11-25' }] },
      by(),
    );
    expect(care([renewal])).toEqual([['Contract renewal of Aurora in 2 days (Nov 25, 2026)', 'upcoming']]);
    expect(care([renewal], clock({ now: Date.UTC(2026, 10, 26) }))).toEqual([]);
  });

  it('is today in Tokyo while still tomorrow in UTC', () => {
    const at = Date.UTC(2026, 10, 23, 20, 0); // 05:00 on the 24th in Tokyo
    expect(care([contactWith('11-24')], clock({ now: at, timeZone: 'Asia/Tokyo' }))).toEqual([
      ['Birthday of Grace Miller today', 'today'],
    ]);
    expect(care([contactWith('11-24')], clock({ now: at }))).toEqual([
      ['Birthday of Grace Miller in 1 day (Nov 24, 2026)', 'upcoming'],
    ]);
  });
});

describe('complaints, tasks, visits, key accounts and reviews', () => {
  const a = buildRecord(
    'account',
    { name: 'Nordlicht', tier: 'A', reviewEvery: 90, nextReviewAt: NOW + 3 * DAY },
    by(),
  );

  it('flags a complaint past its promised response time, most urgent first', () => {
    const complaint = buildRecord(
      'task',
      { subjectId: a.id, title: 'Late delivery to Hamburg', kind: 'complaint', dueAt: NOW - 30 * 3_600_000 },
      by(),
    );
    const answered = buildRecord(
      'task',
      { subjectId: a.id, title: 'Damaged pallet', kind: 'complaint', dueAt: NOW - DAY, done: true },
      by(),
    );
    const notYet = buildRecord(
      'task',
      { subjectId: a.id, title: 'Invoice query', kind: 'complaint', dueAt: NOW + 3_600_000 },
      by(),
    );
    const prompts = computePrompts(data([a, complaint, answered, notYet]), clock());
    expect(prompts[0]).toMatchObject({
      rule: 'complaint-overdue',
      title: 'Answer the complaint: Late delivery to Hamburg',
      priority: 90,
      when: 'overdue',
    });
    expect(prompts[0]!.reason).toMatch(/30 hours late$/);
    expect(prompts.filter((p) => p.rule === 'complaint-overdue')).toHaveLength(1);
  });

  it('shows the rep their own overdue and due tasks, not a teammate’s', () => {
    const mine = buildRecord('task', { subjectId: a.id, title: 'Send samples', dueAt: NOW - DAY }, by());
    const forMe = buildRecord(
      'task',
      { subjectId: a.id, title: 'Call Jonas', dueAt: NOW + 3_600_000, assigneeId: ME },
      by(NOW - DAY, MATE),
    );
    const theirs = buildRecord(
      'task',
      { subjectId: a.id, title: 'Their task', dueAt: NOW - DAY, assigneeId: MATE },
      by(),
    );
    const tasks = computePrompts(data([a, mine, forMe, theirs]), clock()).filter((p) => p.rule === 'task-overdue');
    expect(tasks.map((p) => [p.title, p.reason, p.when])).toEqual([
      ['Send samples', 'Nordlicht: overdue since Nov 22, 2026', 'overdue'],
      ['Call Jonas', 'Nordlicht: due today', 'today'],
    ]);
  });

  it('walks a planned visit’s checklist, and asks for a dated next step on a key account that has none', () => {
    const visit = buildRecord(
      'task',
      { subjectId: a.id, title: 'Visit', kind: 'visit', checklistId: 'routine', dueAt: NOW, stepsDone: [0, 1, 2] },
      by(),
    );
    const d = data([a, visit], {
      checklists: [
        {
          id: 'routine',
          name: 'Routine visit',
          steps: [
            'Prepare',
            'Check the outside',
            'Greet',
            'Check the inside',
            'Check stock',
            'Suggest an order',
            'Take the order',
            'Say goodbye',
          ],
        },
      ],
    });
    const prompts = computePrompts(d, clock());
    expect(prompts.find((p) => p.rule === 'visit-checklist')).toMatchObject({
      title: 'Visit Nordlicht: 3 of 8 steps done',
      reason: 'Planned for Nov 23, 2026; next step: Check the inside',
      actions: ['open-visit'],
    });
    // The planned visit is itself a dated next step; without it, the key account has none.
    expect(prompts.some((p) => p.rule === 'no-next-step')).toBe(false);
    expect(computePrompts(data([a]), clock()).find((p) => p.rule === 'no-next-step')).toMatchObject({
      title: 'Set a dated next step for Nordlicht',
      reason: 'Key account (tier A) with no dated next step',
    });
    expect(prompts.find((p) => p.rule === 'review-due')).toMatchObject({
      title: 'Review Nordlicht: why is it a key account?',
      when: 'upcoming',
    });
  });
});

describe('prompts beside an open email', () => {
  const porto = buildRecord('account', { name: 'Porto Verde', tier: 'A', domains: ['portoverde.pt'] }, by());
  const ines = buildRecord(
    'contact',
    { name: 'Inês Costa', emails: ['ines@portoverde.pt'], accountId: porto.id },
    by(),
  );
  const people: PagePerson[] = [
    { email: 'ines@portoverde.pt', name: 'Inês Costa', role: 'from' as const },
    { email: 'marta@portoverde.pt', name: 'Marta Silva', role: 'to' as const },
    { email: 'rep@us.example', name: 'Rep', role: 'to' as const, self: true },
  ];
  const emailRules = (logged: boolean, peopleOnEmail = people) =>
    computePrompts(
      data([porto, ines], { internalDomains: ['us.example'] }),
      clock({ email: { people: peopleOnEmail, subject: 'Q3', logged } }),
    )
      .filter((p) => p.rule === 'email-not-logged' || p.rule === 'unknown-sender')
      .map((p) => [p.rule, p.title, p.reason]);

  it('asks to log an unlogged email from a contact, and to add an unknown sender from a known account’s domain', () => {
    expect(emailRules(false)).toEqual([
      ['email-not-logged', 'Log this email with Inês Costa', 'No interaction with Inês Costa is logged yet'],
    ]);
    const fromMarta = [
      { ...people[1]!, role: 'from' as const },
      { ...people[0]!, role: 'to' as const },
    ];
    expect(emailRules(true, fromMarta)).toEqual([
      [
        'unknown-sender',
        'Add Marta Silva as a contact at Porto Verde',
        'marta@portoverde.pt writes from portoverde.pt, the domain of Porto Verde (tier A)',
      ],
    ]);
    expect(emailRules(true)).toEqual([]);
    expect(emailRules(true, [{ email: 'kim@naver.com', name: 'Kim', role: 'from' }])).toEqual([]);
  });
});

describe('done and snooze', () => {
  const a = buildRecord('account', { name: 'Kestrel', tier: 'A' }, by());
  const task = buildRecord('task', { subjectId: a.id, title: 'Next', dueAt: NOW + 9 * DAY, assigneeId: MATE }, by());
  const base = [a, task, touch([a.id], NOW - 20 * DAY)];
  const followUp = () => computePrompts(data(base), clock()).find((p) => p.rule === 'follow-up-due')!;
  const state = (key: string, fields: { snoozedUntil?: number; doneAt?: number }) =>
    buildRecord('promptState', { key, ...fields }, by(NOW));

  it('hides a snoozed prompt until the snooze ends, even when its due day moves', () => {
    const snoozed = state(snoozeKey(followUp()), { snoozedUntil: NOW + 2 * DAY });
    expect(computePrompts(data([...base, snoozed]), clock()).some((p) => p.rule === 'follow-up-due')).toBe(false);
    expect(
      computePrompts(data([...base, snoozed, touch([a.id], NOW - 19 * DAY)]), clock()).some(
        (p) => p.rule === 'follow-up-due',
      ),
    ).toBe(false);
    expect(
      computePrompts(data([...base, snoozed]), clock({ now: NOW + 3 * DAY })).some((p) => p.rule === 'follow-up-due'),
    ).toBe(true);
  });

  it('hides a done occurrence only: the next one still comes', () => {
    const done = state(followUp().key, { doneAt: NOW });
    expect(computePrompts(data([...base, done]), clock()).some((p) => p.rule === 'follow-up-due')).toBe(false);
    const later = touch([a.id], NOW - 15 * DAY);
    expect(computePrompts(data([...base, done, later]), clock()).find((p) => p.rule === 'follow-up-due')?.reason).toBe(
      'Tier A: last touch 15 days ago; cadence 14 days',
    );
  });

  it('orders overdue before today before upcoming, then by priority and tier', () => {
    const b = buildRecord(
      'account',
      { name: 'Blue Heron', tier: 'C', importantDates: [{ label: 'Anniversary', date: '11-25' }] },
      by(),
    );
    const prompts = computePrompts(data([...base, b, touch([b.id], NOW - 10 * DAY)]), clock());
    expect(prompts.map((p) => p.when)).toEqual(
      [...prompts.map((p) => p.when)].sort(
        (x, y) => ['overdue', 'today', 'upcoming'].indexOf(x) - ['overdue', 'today', 'upcoming'].indexOf(y),
      ),
    );
    expect(prompts[0]).toMatchObject({ rule: 'follow-up-due', tier: 'A' });
  });
});
