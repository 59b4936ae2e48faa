import { daysBetween, localDate, type LocalDate } from '../calendar';
import { isFreeMailDomain, registrableDomain } from '../normalize';
import type { Account, Contact, Settings, Task, Tier } from '../records';
import { RULES } from './rules';
import type { Prompt, PromptClock, PromptData, PromptRuleName } from './types';

export const DEFAULT_CADENCE_DAYS: Record<Tier, number> = { A: 14, B: 30, C: 90 };
/** How many days ahead a rule shows what is coming, unless the team set `leadDays`. */
export const DEFAULT_LEAD_DAYS: Record<PromptRuleName, number> = {
  'follow-up-due': 3,
  'review-due': 7,
  'care-date': 7,
  'complaint-overdue': 0,
  'email-not-logged': 0,
  'unknown-sender': 0,
  'no-next-step': 0,
  'visit-checklist': 0,
  'task-overdue': 1,
};

/**
 * What the rules share, computed once per run: live records by id, each subject's last touch,
 * each account's people and open tasks. Linear in the data, so a run stays fast on a big team.
 */
export class PromptIndex {
  readonly accounts: Account[];
  readonly contacts: Contact[];
  readonly tasks: Task[];
  readonly accountById = new Map<string, Account>();
  readonly contactById = new Map<string, Contact>();
  readonly contactByEmail = new Map<string, Contact>();
  readonly accountByDomain = new Map<string, Account>();
  /** The latest interaction per record id (a contact's touch counts for its account too). */
  readonly lastTouch = new Map<string, number>();
  readonly openTasksBySubject = new Map<string, Task[]>();
  readonly contactsByAccount = new Map<string, Contact[]>();
  readonly today: LocalDate;
  readonly internalDomains: Set<string>;

  constructor(
    readonly data: PromptData,
    readonly clock: PromptClock,
  ) {
    this.today = localDate(clock.now, clock.timeZone);
    this.accounts = data.accounts.filter((a) => !a.deleted);
    this.contacts = data.contacts.filter((c) => !c.deleted);
    this.tasks = data.tasks.filter((t) => !t.deleted);
    this.internalDomains = new Set((data.settings?.internalDomains ?? []).map((d) => registrableDomain(d) ?? d));
    for (const a of this.accounts) {
      this.accountById.set(a.id, a);
      for (const d of a.domains) if (!this.accountByDomain.has(d)) this.accountByDomain.set(d, a);
    }
    for (const c of this.contacts) {
      this.contactById.set(c.id, c);
      if (c.accountId) {
        const list = this.contactsByAccount.get(c.accountId);
        if (list) list.push(c);
        else this.contactsByAccount.set(c.accountId, [c]);
      }
      for (const e of c.emails) if (!this.contactByEmail.has(e)) this.contactByEmail.set(e, c);
    }
    for (const i of data.interactions) {
      if (i.deleted) continue;
      for (const id of i.subjectIds) {
        this.touch(id, i.at);
        const accountId = this.contactById.get(id)?.accountId;
        if (accountId) this.touch(accountId, i.at);
      }
    }
    for (const t of this.tasks) {
      if (t.done) continue;
      const list = this.openTasksBySubject.get(t.subjectId);
      if (list) list.push(t);
      else this.openTasksBySubject.set(t.subjectId, [t]);
    }
  }

  private touch(id: string, at: number) {
    if ((this.lastTouch.get(id) ?? -Infinity) < at) this.lastTouch.set(id, at);
  }

  get settings(): Settings | undefined {
    return this.data.settings;
  }

  cadenceDays(tier: Tier): number {
    return this.settings?.cadenceDays[tier] ?? DEFAULT_CADENCE_DAYS[tier];
  }

  ruleEnabled(rule: PromptRuleName): boolean {
    return this.settings?.promptRules[rule]?.enabled ?? true;
  }

  leadDays(rule: PromptRuleName): number {
    return this.settings?.promptRules[rule]?.leadDays ?? DEFAULT_LEAD_DAYS[rule];
  }

  dayOf(at: number): LocalDate {
    return localDate(at, this.clock.timeZone);
  }

  /** overdue / today / upcoming for a due day, or null when it is further ahead than the lead. */
  when(due: LocalDate, leadDays: number): Prompt['when'] | null {
    const days = daysBetween(this.today, due);
    if (days < 0) return 'overdue';
    if (days === 0) return 'today';
    return days <= leadDays ? 'upcoming' : null;
  }

  accountForEmail(email: string): Account | undefined {
    const domain = registrableDomain(email);
    return domain && !isFreeMailDomain(domain) ? this.accountByDomain.get(domain) : undefined;
  }

  isInternal(email: string): boolean {
    const domain = registrableDomain(email);
    return !!domain && this.internalDomains.has(domain);
  }
}

const WHEN_ORDER = { overdue: 0, today: 1, upcoming: 2 } as const;
const TIER_ORDER = { A: 0, B: 1, C: 2 } as const;

/** Overdue first, then today, then upcoming; within each, priority, then tier, then the due day. */
export function comparePrompts(a: Prompt, b: Prompt): number {
  return (
    WHEN_ORDER[a.when] - WHEN_ORDER[b.when] ||
    b.priority - a.priority ||
    (a.tier ? TIER_ORDER[a.tier] : 3) - (b.tier ? TIER_ORDER[b.tier] : 3) ||
    daysBetween(b.due, a.due) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/**
 * Today's prompts: every enabled rule over the data, minus what the team snoozed (until then) or
 * marked done, in agenda order. Pure: the same records, settings and clock give the same prompts.
 */
export function computePrompts(data: PromptData, clock: PromptClock): Prompt[] {
  const index = new PromptIndex(data, clock);
  const states = new Map(data.states.filter((s) => !s.deleted).map((s) => [s.key, s]));
  const prompts: Prompt[] = [];
  for (const [name, rule] of Object.entries(RULES) as [PromptRuleName, (typeof RULES)[PromptRuleName]][]) {
    if (!index.ruleEnabled(name)) continue;
    for (const prompt of rule(index)) {
      if (states.get(prompt.key)?.doneAt) continue;
      const snoozedUntil = Math.max(states.get(prompt.key)?.snoozedUntil ?? 0, states.get(snoozeKey(prompt))?.snoozedUntil ?? 0);
      if (snoozedUntil > clock.now) continue;
      prompts.push(prompt);
    }
  }
  return prompts.sort(comparePrompts);
}

/**
 * The key a snooze is stored under: the rule and subject, without the occurrence, so a follow-up
 * snoozed today stays snoozed when its due day moves.
 */
export function snoozeKey(prompt: Pick<Prompt, 'rule' | 'subjectId'>): string {
  return `${prompt.rule}:${prompt.subjectId}`;
}
