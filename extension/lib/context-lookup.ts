import { isFreeMailDomain, registrableDomain } from '../../shared/normalize';
import type { ContextSummary, PageContext, PagePerson } from '../../shared/page-context';
import type { Account, Contact } from '../../shared/records';
import type { MarginDB } from './db';
import { internalDomainSet, isInternalAddress, teamSettings } from './team-settings';

/**
 * Who the chip is about: the open message's sender when they are a customer; otherwise the first
 * customer on the thread. The reader and colleagues (the team's own domains) never are.
 */
export function primaryPerson(people: readonly PagePerson[], internal: ReadonlySet<string>): PagePerson | undefined {
  const customers = people.filter((p) => !p.self && !isInternalAddress(p.email, internal));
  return customers.find((p) => p.role === 'from') ?? customers[0];
}

/** Answers "who is this page about?" from the local cache: the chip's summary. */
export async function lookupContext(db: MarginDB, context: PageContext, signedIn: boolean): Promise<ContextSummary> {
  const internal = internalDomainSet(await teamSettings(db));
  const people = context.people.filter((p) => !p.self && !isInternalAddress(p.email, internal));
  const emails = people.map((p) => p.email);
  const contacts = emails.length ? (await db.contacts.where('emails').anyOf(emails).toArray()).filter((c) => !c.deleted) : [];
  const emailDomains = emails.map(registrableDomain).filter((d): d is string => !!d && !isFreeMailDomain(d));
  const domains = [...new Set([...context.domains.map(registrableDomain).filter((d): d is string => !!d && !internal.has(d)), ...emailDomains])];
  const byDomain = domains.length ? await db.accounts.where('domains').anyOf(domains).toArray() : [];
  const byName = context.org ? await db.accounts.where('name').equalsIgnoreCase(context.org.trim()).toArray() : [];
  const accounts = [...byDomain, ...byName].filter((a) => !a.deleted);

  const first = primaryPerson(context.people, internal);
  const contactByEmail = new Map<string, Contact>();
  for (const c of contacts) for (const e of c.emails) contactByEmail.set(e, c);

  const countFor = async (ids: string[]) => ({
    openTasks: await db.tasks.where('subjectId').anyOf(ids).filter((t) => !t.done && !t.deleted).count(),
    notes: await db.notes.where('subjectId').anyOf(ids).filter((n) => !n.deleted).count(),
  });

  let primary: ContextSummary['primary'] = null;
  if (first) {
    const contact = contactByEmail.get(first.email);
    const linked = contact?.accountId ? await db.accounts.get(contact.accountId) : undefined;
    const account: Account | undefined = linked && !linked.deleted ? linked : accounts.find((a) => a.domains.includes(registrableDomain(first.email) ?? ''));
    if (contact) {
      primary = { kind: 'contact', label: contact.name, email: first.email, accountName: account?.name, tier: account?.tier, ...(await countFor([contact.id, ...(account ? [account.id] : [])])) };
    } else {
      primary = { kind: 'unknown', label: first.name || first.email, email: first.email, accountName: account?.name, tier: account?.tier, openTasks: 0, notes: 0 };
    }
  } else if (accounts[0] && context.people.length === 0) {
    const account = accounts[0];
    primary = { kind: 'account', label: account.name, tier: account.tier, ...(await countFor([account.id])) };
  }
  return { signedIn, primary, knownPeople: new Set(contacts.map((c) => c.id)).size };
}
