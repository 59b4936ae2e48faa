import { addDays, daysBetween, formatLocalDate, nextOccurrence, type LocalDate } from '../calendar';
import { DEFAULT_CHECKLISTS, type Account, type Contact, type Task, type Tier } from '../records';
import { dealAmount, enteredStageAt, pipelinesOf, placeOf } from '../deals';
import type { PromptIndex } from './engine';
import type { Prompt, PromptRuleName, PromptText, PromptTextKey, PromptVar } from './types';

/** A named rule: pure functions of the index (records, settings, clock), per record it looks at. */
export interface Rule {
  account?: (ix: PromptIndex, account: Account) => Prompt[];
  contact?: (ix: PromptIndex, contact: Contact) => Prompt[];
  task?: (ix: PromptIndex, task: Task) => Prompt[];
  email?: (ix: PromptIndex) => Prompt[];
}

const TIER_PRIORITY: Record<Tier, number> = { A: 30, B: 20, C: 10 };
/** A prompt's words: a message key and its values (the UI writes them in the reader's language). */
const text = (key: PromptTextKey, vars?: Record<string, PromptVar>): PromptText => (vars ? { key, vars } : { key });
const days = (count: number) => text('promptText.days', { count });
const date = (day: LocalDate) => ({ date: day });

function prompt(
  ix: PromptIndex,
  rule: PromptRuleName,
  fields: Omit<Prompt, 'rule' | 'when'> & { when?: Prompt['when'] },
): Prompt | null {
  const when = fields.when ?? ix.when(fields.due, ix.leadDays(rule));
  if (!when) return null;
  // Every prompt with the same fields in the same order: sorting thousands reads one shape.
  return {
    key: fields.key,
    rule,
    subjectId: fields.subjectId,
    accountId: fields.accountId,
    title: fields.title,
    reason: fields.reason,
    priority: fields.priority,
    tier: fields.tier,
    due: fields.due,
    when,
    actions: fields.actions,
  };
}

const accountOf = (ix: PromptIndex, subjectId: string) => ix.accountOf(subjectId);
const NO_PROMPTS: Prompt[] = [];
const one = (p: Prompt | null): Prompt[] => (p ? [p] : NO_PROMPTS);
/** `out` with `p` added, if there is one (a list is made only for an account with prompts). */
function add(out: Prompt[] | undefined, p: Prompt | null): Prompt[] | undefined {
  if (!p) return out;
  if (!out) return [p];
  out.push(p);
  return out;
}

function subjectName(ix: PromptIndex, subjectId: string): PromptVar {
  return ix.accountById.get(subjectId)?.name ?? ix.contactById.get(subjectId)?.name ?? text('promptText.aRecord');
}

/** Follow-up due by tier cadence: days since the account's last touch (its people's count too). */
export const followUpDue: Rule = {
  account: (ix, a) => {
    const cadence = ix.cadenceDays(a.tier);
    const last = ix.lastTouch(a.id);
    const from = ix.dayOf(last ?? a.createdAt);
    const due = addDays(from, cadence);
    // Most accounts are not due: say so before building any words.
    if (!ix.when(due, ix.leadDays('follow-up-due'))) return [];
    const since = daysBetween(from, ix.today);
    const late = Math.max(0, daysBetween(due, ix.today));
    const reason = text(last !== undefined ? 'promptText.followUp.reason' : 'promptText.followUp.reasonNew', {
      tier: a.tier,
      since: days(since),
      cadence: days(cadence),
    });
    const p = prompt(ix, 'follow-up-due', {
      key: `follow-up-due:${a.id}:${formatLocalDate(due)}`,
      subjectId: a.id,
      accountId: a.id,
      tier: a.tier,
      title: text('promptText.followUp.title', { name: a.name }),
      reason,
      priority: TIER_PRIORITY[a.tier] + Math.min(30, late),
      due,
      actions: ['done', 'snooze', 'make-task'],
    });
    return one(p);
  },
};

/** Key-account review due: "why is this a key account?" on the account's cadence. */
export const reviewDue: Rule = {
  account: (ix, a) => {
    if (!a.reviewEvery) return [];
    const due = a.nextReviewAt !== null ? ix.dayOf(a.nextReviewAt) : addDays(ix.dayOf(a.createdAt), a.reviewEvery);
    const p = prompt(ix, 'review-due', {
      key: `review-due:${a.id}:${formatLocalDate(due)}`,
      subjectId: a.id,
      accountId: a.id,
      tier: a.tier,
      title: text('promptText.review.title', { name: a.name }),
      reason: text('promptText.review.reason', { every: days(a.reviewEvery), date: date(due) }),
      priority: 25 + TIER_PRIORITY[a.tier],
      due,
      actions: ['review', 'snooze'],
    });
    return one(p);
  },
};

function inDays(ix: PromptIndex, due: LocalDate): PromptText {
  const count = daysBetween(ix.today, due);
  return count === 0 ? text('promptText.today') : text('promptText.inDays', { days: days(count), date: date(due) });
}

/** Care dates ahead: birthdays, anniversaries, renewals, within the lead days. */
function careDates(
  ix: PromptIndex,
  subjectId: string,
  name: string,
  account: Account | undefined,
  dates: readonly { label: string; date: string }[],
): Prompt[] {
  const out: Prompt[] = [];
  const lead = ix.leadDays('care-date');
  for (const d of dates) {
    const next = nextOccurrence(d.date, ix.today);
    // Most dates are months away: say so before building any words.
    if (!next || !ix.when(next, lead)) continue;
    const p = prompt(ix, 'care-date', {
      key: `care-date:${subjectId}:${d.label}:${formatLocalDate(next)}`,
      subjectId,
      accountId: account?.id ?? null,
      tier: account?.tier ?? null,
      title: text('promptText.care.title', { label: d.label, name }),
      reason: text('promptText.care.reason', { label: d.label, name, when: inDays(ix, next) }),
      priority: 20 + (account ? TIER_PRIORITY[account.tier] / 3 : 0),
      due: next,
      actions: ['done', 'snooze', 'make-task'],
    });
    if (p) out.push(p);
  }
  return out;
}

export const careDate: Rule = {
  contact: (ix, c) =>
    c.importantDates.length
      ? careDates(ix, c.id, c.name, c.accountId ? ix.accountById.get(c.accountId) : undefined, c.importantDates)
      : [],
  account: (ix, a) => (a.importantDates.length ? careDates(ix, a.id, a.name, a, a.importantDates) : []),
};

/** A complaint still open past the response time the team promised. */
export const complaintOverdue: Rule = {
  task: (ix, t) => {
    if (t.kind !== 'complaint' || t.done || t.dueAt === null || t.dueAt > ix.clock.now) return [];
    const account = accountOf(ix, t.subjectId);
    const hours = Math.floor((ix.clock.now - t.dueAt) / 3_600_000);
    const p = prompt(ix, 'complaint-overdue', {
      key: `complaint-overdue:${t.id}`,
      subjectId: t.id,
      accountId: account?.id ?? null,
      tier: account?.tier ?? null,
      title: text('promptText.complaint.title', { title: t.title }),
      reason: text('promptText.complaint.reason', {
        time: { time: t.dueAt },
        late: hours < 48 ? text('promptText.hours', { count: hours }) : days(Math.floor(hours / 24)),
      }),
      priority: 90,
      due: ix.dayOf(t.dueAt),
      when: 'overdue',
      actions: ['done', 'snooze'],
    });
    return one(p);
  },
};

/** The open email is from a contact, and it is not logged. */
export const emailNotLogged: Rule = {
  email: (ix) => {
    const email = ix.clock.email;
    if (!email || email.logged) return [];
    const known = email.people
      .filter((p) => !p.self && !ix.isInternal(p.email))
      .map((p) => ({ person: p, contact: ix.contactByEmail(p.email) }))
      .filter((x) => x.contact);
    const first = known.find((x) => x.person.role === 'from') ?? known[0];
    if (!first?.contact) return [];
    const c = first.contact;
    const account = accountOf(ix, c.id);
    const last = ix.lastTouch(c.id);
    const p = prompt(ix, 'email-not-logged', {
      key: `email-not-logged:${c.id}:${email.subject ?? ''}`,
      subjectId: c.id,
      accountId: account?.id ?? null,
      tier: account?.tier ?? null,
      title: text('promptText.emailNotLogged.title', { name: c.name }),
      reason:
        last === undefined
          ? text('promptText.emailNotLogged.reasonNew', { name: c.name })
          : text('promptText.emailNotLogged.reason', {
              name: c.name,
              days: days(daysBetween(ix.dayOf(last), ix.today)),
            }),
      priority: 40,
      due: ix.today,
      when: 'today',
      actions: ['log-email', 'make-task'],
    });
    return one(p);
  },
};

/** Someone new writes from a known account's domain. */
export const unknownSender: Rule = {
  email: (ix) => {
    const email = ix.clock.email;
    if (!email) return [];
    return email.people.flatMap((person) => {
      if (person.self || person.role !== 'from' || ix.contactByEmail(person.email) || ix.isInternal(person.email))
        return [];
      const account = ix.accountForEmail(person.email);
      if (!account) return [];
      const name = person.name || person.email;
      const p = prompt(ix, 'unknown-sender', {
        key: `unknown-sender:${person.email}`,
        subjectId: account.id,
        accountId: account.id,
        tier: account.tier,
        title: text('promptText.unknownSender.title', { name, account: account.name }),
        reason: text('promptText.unknownSender.reason', {
          email: person.email,
          domain:
            account.domains.find((d) => person.email.endsWith(`.${d}`) || person.email.endsWith(`@${d}`)) ??
            account.domains[0] ??
            text('promptText.itsDomain'),
          account: account.name,
          tier: account.tier,
        }),
        priority: 35,
        due: ix.today,
        when: 'today',
        actions: ['add-contact'],
      });
      return one(p);
    });
  },
};

/** A key account (tier A) with no open, dated next step on it or its people. */
export const noNextStep: Rule = {
  account: (ix, a) => {
    if (a.tier !== 'A') return [];
    const subjects = [a.id, ...(ix.contactsByAccount.get(a.id) ?? []).map((c) => c.id)];
    if (subjects.some((id) => (ix.openTasksBySubject.get(id) ?? []).some((t) => t.dueAt !== null))) return [];
    const p = prompt(ix, 'no-next-step', {
      key: `no-next-step:${a.id}`,
      subjectId: a.id,
      accountId: a.id,
      tier: a.tier,
      title: text('promptText.noNextStep.title', { name: a.name }),
      reason: text('promptText.noNextStep.reason'),
      priority: 30,
      due: ix.today,
      when: 'today',
      actions: ['make-task', 'snooze'],
    });
    return one(p);
  },
};

/** A planned visit due today (or missed): walk its checklist. */
export const visitChecklist: Rule = {
  task: (ix, t) => {
    if (t.kind !== 'visit' || t.done || t.dueAt === null) return [];
    const due = ix.dayOf(t.dueAt);
    if (daysBetween(ix.today, due) > 0) return [];
    const steps = (ix.settings?.checklists ?? DEFAULT_CHECKLISTS).find((c) => c.id === t.checklistId)?.steps ?? [];
    const doneCount = t.stepsDone.filter((i) => i < steps.length).length;
    const next = steps.findIndex((_, i) => !t.stepsDone.includes(i));
    const account = accountOf(ix, t.subjectId);
    const p = prompt(ix, 'visit-checklist', {
      key: `visit-checklist:${t.id}`,
      subjectId: t.id,
      accountId: account?.id ?? null,
      tier: account?.tier ?? null,
      title: text('promptText.visit.title', {
        name: subjectName(ix, t.subjectId),
        done: doneCount,
        steps: text('promptText.steps', { count: steps.length }),
      }),
      reason:
        next === -1
          ? text('promptText.visit.reasonDone', { date: date(due) })
          : text('promptText.visit.reason', { date: date(due), step: steps[next]! }),
      priority: 60,
      due,
      actions: ['open-visit'],
    });
    return one(p);
  },
};

/** The rep's own tasks (assigned to them, or theirs and unassigned) due soon or overdue. */
export const taskOverdue: Rule = {
  task: (ix, t) => {
    if (t.kind !== 'task' || t.done || t.dueAt === null) return [];
    const mine = t.assigneeId === ix.clock.memberId || (t.assigneeId === null && t.createdBy === ix.clock.memberId);
    if (!mine) return [];
    const due = ix.dayOf(t.dueAt);
    const account = accountOf(ix, t.subjectId);
    const overdue = daysBetween(due, ix.today);
    const p = prompt(ix, 'task-overdue', {
      key: `task-overdue:${t.id}`,
      subjectId: t.id,
      accountId: account?.id ?? null,
      tier: account?.tier ?? null,
      title: text('promptText.task.title', { title: t.title }),
      reason:
        overdue > 0
          ? text('promptText.task.overdue', { name: subjectName(ix, t.subjectId), date: date(due) })
          : text('promptText.task.due', { name: subjectName(ix, t.subjectId), when: inDays(ix, due) }),
      priority: overdue > 0 ? 50 : 30,
      due,
      actions: ['done', 'snooze'],
    });
    return one(p);
  },
};

const dayFromText = (day: string): LocalDate => ({
  year: Number(day.slice(0, 4)),
  month: Number(day.slice(5, 7)),
  day: Number(day.slice(8, 10)),
});
/** Dates a team writes for renewals, in the languages Margin speaks. */
const RENEWAL = /renew|contract end|续约|續約|续签|續簽|到期|갱신|재계약|verlängerung|renouvel|renovación|renovação/i;
const openDeals = (ix: PromptIndex, accountId: string) => ix.openDeals(accountId);
/** An open deal whose expected close date has passed: move the date, or close it. */
export const dealClosePassed: Rule = {
  account: (ix, a) => {
    let out: Prompt[] | undefined;
    for (const d of openDeals(ix, a.id)) {
      // Days as `YYYY-MM-DD` sort as text: only a passed one is read as a date.
      if (!d.closeDate || d.closeDate >= ix.todayText) continue;
      const due = dayFromText(d.closeDate);
      if (daysBetween(ix.today, due) >= 0) continue;
      out = add(
        out,
        prompt(ix, 'deal-close-passed', {
          key: `deal-close-passed:${d.id}:${d.closeDate}`,
          subjectId: d.id,
          accountId: a.id,
          tier: a.tier,
          title: text('promptText.dealClosePassed.title', { deal: d.name }),
          reason: text('promptText.dealClosePassed.reason', { account: a.name, date: date(due) }),
          priority: 40 + TIER_PRIORITY[a.tier] / 2,
          due,
          when: 'overdue',
          actions: ['open-deal', 'snooze'],
        }),
      );
    }
    return out ?? NO_PROMPTS;
  },
};

/** An open deal with no interaction with its account or people for N days while in its stage. */
export const dealStalled: Rule = {
  account: (ix, a) => {
    let out: Prompt[] | undefined;
    for (const d of openDeals(ix, a.id)) {
      const idleLimit = ix.leadDays('deal-stalled');
      const entered = enteredStageAt(d);
      const touch = ix.lastTouch(a.id);
      const since = Math.max(entered, touch ?? 0);
      const idle = daysBetween(ix.dayOf(since), ix.today);
      if (idle < idleLimit) continue;
      const due = addDays(ix.dayOf(since), idleLimit);
      const stage = placeOf(d, pipelinesOf(ix.settings)).stage.name;
      out = add(
        out,
        prompt(ix, 'deal-stalled', {
          key: `deal-stalled:${d.id}:${formatLocalDate(due)}`,
          subjectId: d.id,
          accountId: a.id,
          tier: a.tier,
          title: text('promptText.dealStalled.title', { deal: d.name }),
          reason: text('promptText.dealStalled.reason', {
            account: a.name,
            stage,
            days: days(idle),
          }),
          priority: 35 + TIER_PRIORITY[a.tier] / 2,
          due,
          when: daysBetween(ix.today, due) === 0 ? 'today' : 'overdue',
          actions: ['open-deal', 'snooze', 'make-task'],
        }),
      );
    }
    return out ?? NO_PROMPTS;
  },
};

/** A key account (tier A) with a renewal date ahead and no open deal for it. */
export const dealRenewal: Rule = {
  account: (ix, a) => {
    if (a.tier !== 'A' || openDeals(ix, a.id).length) return [];
    const out: Prompt[] = [];
    for (const d of a.importantDates) {
      if (!RENEWAL.test(d.label)) continue;
      const next = nextOccurrence(d.date, ix.today);
      if (!next) continue;
      const p = prompt(ix, 'deal-renewal', {
        key: `deal-renewal:${a.id}:${formatLocalDate(next)}`,
        subjectId: a.id,
        accountId: a.id,
        tier: a.tier,
        title: text('promptText.dealRenewal.title', { account: a.name }),
        reason: text('promptText.dealRenewal.reason', { label: d.label, when: inDays(ix, next), tier: a.tier }),
        priority: 45,
        due: next,
        actions: ['snooze', 'make-task'],
      });
      if (p) out.push(p);
    }
    return out;
  },
};

/** One of the biggest open deals (the top 20% by amount) with no dated next step. */
export const dealBigNoStep: Rule = {
  account: (ix, a) => {
    const min = ix.bigDealMin();
    if (min === null) return [];
    let out: Prompt[] | undefined;
    for (const d of openDeals(ix, a.id)) {
      if (d.nextStepDate !== null || dealAmount(d) === null || ix.dealValue(d) < min) continue;
      out = add(
        out,
        prompt(ix, 'deal-big-no-step', {
          key: `deal-big-no-step:${d.id}`,
          subjectId: d.id,
          accountId: a.id,
          tier: a.tier,
          title: text('promptText.dealBigNoStep.title', { deal: d.name }),
          reason: text('promptText.dealBigNoStep.reason', {
            account: a.name,
            amount: Math.round(dealAmount(d) ?? 0),
            currency: d.currency,
          }),
          priority: 38,
          due: ix.today,
          when: 'today',
          actions: ['open-deal', 'snooze'],
        }),
      );
    }
    return out ?? NO_PROMPTS;
  },
};

/** A deal won in the last days with no visit planned at the account since: plan the kickoff. */
export const dealWonKickoff: Rule = {
  account: (ix, a) => {
    const won = ix.wonDealsByAccount.get(a.id);
    if (!won) return NO_PROMPTS;
    let out: Prompt[] | undefined;
    for (const d of won) {
      if (d.closedAt === null) continue;
      const wonOn = ix.dayOf(d.closedAt);
      if (daysBetween(wonOn, ix.today) > ix.leadDays('deal-won-kickoff')) continue;
      const closedAt = d.closedAt;
      const planned = (ix.tasksBySubject.get(a.id) ?? []).some((t) => t.kind === 'visit' && t.createdAt >= closedAt);
      if (planned) continue;
      out = add(
        out,
        prompt(ix, 'deal-won-kickoff', {
          key: `deal-won-kickoff:${d.id}`,
          subjectId: d.id,
          accountId: a.id,
          tier: a.tier,
          title: text('promptText.dealKickoff.title', { account: a.name }),
          reason: text('promptText.dealKickoff.reason', { deal: d.name, date: date(wonOn) }),
          priority: 42,
          due: wonOn,
          when: daysBetween(wonOn, ix.today) === 0 ? 'today' : 'overdue',
          actions: ['make-task', 'done', 'open-deal'],
        }),
      );
    }
    return out ?? NO_PROMPTS;
  },
};

/** The named rules, in the order the team sees them in settings. */
export const RULES: Record<PromptRuleName, Rule> = {
  'follow-up-due': followUpDue,
  'review-due': reviewDue,
  'care-date': careDate,
  'complaint-overdue': complaintOverdue,
  'email-not-logged': emailNotLogged,
  'unknown-sender': unknownSender,
  'no-next-step': noNextStep,
  'visit-checklist': visitChecklist,
  'task-overdue': taskOverdue,
  'deal-close-passed': dealClosePassed,
  'deal-stalled': dealStalled,
  'deal-renewal': dealRenewal,
  'deal-big-no-step': dealBigNoStep,
  'deal-won-kickoff': dealWonKickoff,
};
