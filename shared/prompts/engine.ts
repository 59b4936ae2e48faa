import { daysBetween, localDate, type LocalDate } from '../calendar';
import { isFreeMailDomain, registrableDomain } from '../normalize';
import type { Account, AnyRecord, Contact, Interaction, PromptState, Settings, Task, Tier } from '../records';
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

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function removeFrom<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (!list) return;
  const i = list.indexOf(value);
  if (i !== -1) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}

/**
 * What the rules read, indexed: live records by id, each record's interactions, each account's
 * people and open tasks. Built in one linear pass, and kept up to date one record at a time by
 * `PromptEngine`, so a change costs only the prompts it touches.
 */
export class PromptIndex {
  readonly accountById = new Map<string, Account>();
  readonly contactById = new Map<string, Contact>();
  readonly taskById = new Map<string, Task>();
  readonly interactionById = new Map<string, Interaction>();
  readonly contactsByEmail = new Map<string, Contact[]>();
  readonly accountsByDomain = new Map<string, Account[]>();
  readonly contactsByAccount = new Map<string, Contact[]>();
  readonly openTasksBySubject = new Map<string, Task[]>();
  readonly tasksBySubject = new Map<string, Task[]>();
  /** Interaction times per record id they name. */
  readonly touchesBySubject = new Map<string, Map<string, number>>();
  settings: Settings | undefined;
  internalDomains = new Set<string>();
  today: LocalDate;
  clock: PromptClock;

  constructor(data: PromptData, clock: PromptClock) {
    this.clock = clock;
    this.today = localDate(clock.now, clock.timeZone);
    this.setSettings(data.settings);
    for (const a of data.accounts) this.putAccount(a);
    for (const c of data.contacts) this.putContact(c);
    for (const t of data.tasks) this.putTask(t);
    for (const i of data.interactions) this.putInteraction(i);
  }

  setClock(clock: PromptClock) {
    this.clock = clock;
    this.today = localDate(clock.now, clock.timeZone);
  }

  setSettings(settings: Settings | undefined) {
    this.settings = settings && !settings.deleted ? settings : undefined;
    this.internalDomains = new Set((this.settings?.internalDomains ?? []).map((d) => registrableDomain(d) ?? d));
  }

  putAccount(a: Account) {
    const old = this.accountById.get(a.id);
    if (old) for (const d of old.domains) removeFrom(this.accountsByDomain, d, old);
    if (a.deleted) {
      this.accountById.delete(a.id);
      return;
    }
    this.accountById.set(a.id, a);
    for (const d of a.domains) pushTo(this.accountsByDomain, d, a);
  }

  putContact(c: Contact) {
    const old = this.contactById.get(c.id);
    if (old) {
      for (const e of old.emails) removeFrom(this.contactsByEmail, e, old);
      if (old.accountId) removeFrom(this.contactsByAccount, old.accountId, old);
    }
    if (c.deleted) {
      this.contactById.delete(c.id);
      return;
    }
    this.contactById.set(c.id, c);
    for (const e of c.emails) pushTo(this.contactsByEmail, e, c);
    if (c.accountId) pushTo(this.contactsByAccount, c.accountId, c);
  }

  putTask(t: Task) {
    const old = this.taskById.get(t.id);
    if (old) {
      removeFrom(this.tasksBySubject, old.subjectId, old);
      if (!old.done) removeFrom(this.openTasksBySubject, old.subjectId, old);
    }
    if (t.deleted) {
      this.taskById.delete(t.id);
      return;
    }
    this.taskById.set(t.id, t);
    pushTo(this.tasksBySubject, t.subjectId, t);
    if (!t.done) pushTo(this.openTasksBySubject, t.subjectId, t);
  }

  putInteraction(i: Interaction) {
    const old = this.interactionById.get(i.id);
    if (old) for (const id of old.subjectIds) this.touchesBySubject.get(id)?.delete(old.id);
    if (i.deleted) {
      this.interactionById.delete(i.id);
      return;
    }
    this.interactionById.set(i.id, i);
    for (const id of i.subjectIds) {
      let touches = this.touchesBySubject.get(id);
      if (!touches) this.touchesBySubject.set(id, (touches = new Map()));
      touches.set(i.id, i.at);
    }
  }

  private ownTouch(id: string): number | undefined {
    let last: number | undefined;
    for (const at of this.touchesBySubject.get(id)?.values() ?? []) if (last === undefined || at > last) last = at;
    return last;
  }

  /** The latest interaction with a contact, or with an account or any of its people. */
  lastTouch(id: string): number | undefined {
    let last = this.ownTouch(id);
    if (this.accountById.has(id)) {
      for (const c of this.contactsByAccount.get(id) ?? []) {
        const at = this.ownTouch(c.id);
        if (at !== undefined && (last === undefined || at > last)) last = at;
      }
    }
    return last;
  }

  contactByEmail(email: string): Contact | undefined {
    return this.contactsByEmail.get(email)?.[0];
  }

  accountOf(subjectId: string): Account | undefined {
    return this.accountById.get(subjectId) ?? this.accountById.get(this.contactById.get(subjectId)?.accountId ?? '');
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
    return domain && !isFreeMailDomain(domain) ? this.accountsByDomain.get(domain)?.[0] : undefined;
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
 * The key a snooze is stored under: the rule and subject, without the occurrence, so a follow-up
 * snoozed today stays snoozed when its due day moves.
 */
export function snoozeKey(prompt: Pick<Prompt, 'rule' | 'subjectId'>): string {
  return `${prompt.rule}:${prompt.subjectId}`;
}

type Unit = `account:${string}` | `contact:${string}` | `task:${string}` | 'email';

/**
 * Today's prompts, kept up to date one record at a time: the prompts of each account, contact and
 * task are cached, and a change recomputes only the ones it can affect (an interaction: its
 * subjects' accounts; a task: itself and its account; settings or a new day: everything).
 */
export class PromptEngine {
  readonly index: PromptIndex;
  private readonly units = new Map<Unit, Prompt[]>();
  private readonly states = new Map<string, PromptState>();
  private sorted: Prompt[] | null = null;

  constructor(data: PromptData, clock: PromptClock) {
    this.index = new PromptIndex(data, clock);
    for (const s of data.states) this.putState(s);
    this.recomputeAll();
  }

  private unitPrompts(unit: Unit): Prompt[] {
    const ix = this.index;
    const out: Prompt[] = [];
    const [kind, id] = unit === 'email' ? ['email', ''] : (unit.split(/:(.*)/s) as [string, string]);
    for (const [name, rule] of Object.entries(RULES) as [PromptRuleName, (typeof RULES)[PromptRuleName]][]) {
      if (!ix.ruleEnabled(name)) continue;
      if (kind === 'account' && rule.account) {
        const a = ix.accountById.get(id);
        if (a) out.push(...rule.account(ix, a));
      } else if (kind === 'contact' && rule.contact) {
        const c = ix.contactById.get(id);
        if (c) out.push(...rule.contact(ix, c));
      } else if (kind === 'task' && rule.task) {
        const t = ix.taskById.get(id);
        if (t) out.push(...rule.task(ix, t));
      } else if (kind === 'email' && rule.email) {
        out.push(...rule.email(ix));
      }
    }
    return out;
  }

  private recompute(unit: Unit) {
    const prompts = this.unitPrompts(unit);
    if (prompts.length) this.units.set(unit, prompts);
    else this.units.delete(unit);
    this.sorted = null;
  }

  private recomputeAll() {
    this.units.clear();
    for (const id of this.index.accountById.keys()) this.recompute(`account:${id}`);
    for (const id of this.index.contactById.keys()) this.recompute(`contact:${id}`);
    for (const id of this.index.taskById.keys()) this.recompute(`task:${id}`);
    if (this.index.clock.email) this.recompute('email');
    this.sorted = null;
  }

  private accountUnitsOf(subjectIds: Iterable<string>): Set<Unit> {
    const units = new Set<Unit>();
    for (const id of subjectIds) {
      const account = this.index.accountOf(id);
      if (account) units.add(`account:${account.id}`);
    }
    return units;
  }

  private putState(s: PromptState) {
    if (s.deleted) this.states.delete(s.key);
    else this.states.set(s.key, s);
    this.sorted = null;
  }

  /** Applies one changed (or deleted) record. */
  apply(record: AnyRecord) {
    const ix = this.index;
    const units = new Set<Unit>();
    switch (record.type) {
      case 'account': {
        ix.putAccount(record);
        units.add(`account:${record.id}`);
        // Its people's and tasks' prompts carry its name and tier.
        for (const t of ix.tasksBySubject.get(record.id) ?? []) units.add(`task:${t.id}`);
        for (const c of ix.contactsByAccount.get(record.id) ?? []) {
          units.add(`contact:${c.id}`);
          for (const t of ix.tasksBySubject.get(c.id) ?? []) units.add(`task:${t.id}`);
        }
        break;
      }
      case 'contact': {
        const old = ix.contactById.get(record.id);
        if (old?.accountId) units.add(`account:${old.accountId}`);
        ix.putContact(record);
        if (record.accountId) units.add(`account:${record.accountId}`);
        units.add(`contact:${record.id}`);
        for (const t of ix.tasksBySubject.get(record.id) ?? []) units.add(`task:${t.id}`);
        break;
      }
      case 'task': {
        const old = ix.taskById.get(record.id);
        for (const u of this.accountUnitsOf(old ? [old.subjectId, record.subjectId] : [record.subjectId])) units.add(u);
        ix.putTask(record);
        units.add(`task:${record.id}`);
        break;
      }
      case 'interaction': {
        const old = ix.interactionById.get(record.id);
        for (const u of this.accountUnitsOf([...(old?.subjectIds ?? []), ...record.subjectIds])) units.add(u);
        ix.putInteraction(record);
        break;
      }
      case 'settings':
        ix.setSettings(record);
        this.recomputeAll();
        return;
      case 'promptState':
        this.putState(record);
        return;
      default:
        return;
    }
    if (ix.clock.email) units.add('email');
    for (const unit of units) this.recompute(unit);
  }

  /** A new clock (another minute, another day, another open email): recomputes when the day or the email changed. */
  setClock(clock: PromptClock) {
    const before = this.index.today;
    const emailBefore = this.index.clock.email;
    this.index.setClock(clock);
    if (daysBetween(before, this.index.today) !== 0) this.recomputeAll();
    else if (emailBefore !== clock.email) {
      if (clock.email) this.recompute('email');
      else this.units.delete('email');
      this.sorted = null;
    } else {
      this.sorted = null; // complaints compare against the exact time
      for (const [unit, prompts] of this.units) if (prompts.some((p) => p.rule === 'complaint-overdue') || unit.startsWith('task:')) this.recompute(unit);
    }
  }

  /** Today's prompts in agenda order, without what the team snoozed (until then) or marked done. */
  prompts(): Prompt[] {
    if (this.sorted) return this.sorted;
    const now = this.index.clock.now;
    const out: Prompt[] = [];
    for (const list of this.units.values()) {
      for (const prompt of list) {
        const own = this.states.get(prompt.key);
        if (own?.doneAt) continue;
        const snoozedUntil = Math.max(own?.snoozedUntil ?? 0, this.states.get(snoozeKey(prompt))?.snoozedUntil ?? 0);
        if (snoozedUntil > now) continue;
        out.push(prompt);
      }
    }
    this.sorted = out.sort(comparePrompts);
    return this.sorted;
  }
}

/**
 * Today's prompts: every enabled rule over the data, minus what the team snoozed (until then) or
 * marked done, in agenda order. Pure: the same records, settings and clock give the same prompts.
 */
export function computePrompts(data: PromptData, clock: PromptClock): Prompt[] {
  return new PromptEngine(data, clock).prompts();
}
