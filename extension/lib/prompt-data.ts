import { computePrompts, type EmailPromptContext, type Prompt, type PromptData } from '../../shared/prompts';
import type { PageContext } from '../../shared/page-context';
import type { MarginDB } from './db';
import { teamSettings } from './team-settings';
import { internalDomainSet } from './internal-domains';
import { lookupPeople } from './people-lookup';
import { localTimeZone } from './time-zone';

export { localTimeZone } from './time-zone';

/** Every live record the rules read: for the agenda and the toolbar badge. */
export async function loadPromptData(db: MarginDB): Promise<PromptData> {
  const [accounts, contacts, interactions, tasks, states, settings, deals] = await Promise.all([
    db.accounts.toArray(),
    db.contacts.toArray(),
    db.interactions.toArray(),
    db.tasks.toArray(),
    db.promptStates.toArray(),
    teamSettings(db),
    db.deals.toArray(),
  ]);
  return { accounts, contacts, interactions, tasks, states, settings, deals };
}

/** Only what concerns the people on one email: their contacts, accounts, the accounts' people, tasks and interactions. */
export async function loadEmailPromptData(db: MarginDB, context: PageContext): Promise<PromptData> {
  const settings = await teamSettings(db);
  const found = await lookupPeople(
    db,
    context.people.filter((p) => !p.self).map((p) => p.email),
    { internal: internalDomainSet(settings) },
  );
  const contacts = [...found.contactByEmail.values()];
  const accounts = found.accounts;
  const colleagues = accounts.length
    ? await db.contacts
        .where('accountId')
        .anyOf(accounts.map((a) => a.id))
        .toArray()
    : [];
  const allContacts = [...new Map([...contacts, ...colleagues].map((c) => [c.id, c])).values()];
  const ids = [...accounts.map((a) => a.id), ...allContacts.map((c) => c.id)];
  const accountIds = accounts.map((a) => a.id);
  const [interactions, tasks, states, deals] = await Promise.all([
    ids.length ? db.interactions.where('subjectIds').anyOf(ids).distinct().toArray() : [],
    ids.length ? db.tasks.where('subjectId').anyOf(ids).toArray() : [],
    db.promptStates.toArray(),
    accountIds.length ? db.deals.where('accountId').anyOf(accountIds).toArray() : [],
  ]);
  return { accounts, contacts: allContacts, interactions, tasks, states, settings, deals, dealsPartial: true };
}

export async function emailPrompts(
  db: MarginDB,
  context: PageContext,
  memberId: string,
  email: Omit<EmailPromptContext, 'people'>,
): Promise<Prompt[]> {
  const data = await loadEmailPromptData(db, context);
  return computePrompts(data, {
    now: Date.now(),
    timeZone: localTimeZone(),
    memberId,
    email: { ...email, people: context.people },
  });
}

/** The prompts about one account: its own, its people's and its tasks'. */
export async function accountPrompts(db: MarginDB, accountId: string, memberId: string): Promise<Prompt[]> {
  const account = await db.accounts.get(accountId);
  if (!account || account.deleted) return [];
  const contacts = await db.contacts.where('accountId').equals(accountId).toArray();
  const ids = [accountId, ...contacts.map((c) => c.id)];
  const [interactions, tasks, states, settings, deals] = await Promise.all([
    db.interactions.where('subjectIds').anyOf(ids).distinct().toArray(),
    db.tasks.where('subjectId').anyOf(ids).toArray(),
    db.promptStates.toArray(),
    teamSettings(db),
    db.deals.where('accountId').equals(accountId).toArray(),
  ]);
  const prompts = computePrompts(
    { accounts: [account], contacts, interactions, tasks, states, settings, deals, dealsPartial: true },
    { now: Date.now(), timeZone: localTimeZone(), memberId },
  );
  return prompts.filter((p) => p.accountId === accountId);
}
