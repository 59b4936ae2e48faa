import { isFreeMailDomain, registrableDomain } from '../../shared/normalize';
import type { ContextSummary, PageContext } from '../../shared/page-context';
import type { Account, Contact } from '../../shared/records';
import type { MarginDB } from './db';

/** Answers "who is this page about?" from the local cache: the chip's summary. */
export async function lookupContext(db: MarginDB, context: PageContext, signedIn: boolean): Promise<ContextSummary> {
  const emails = context.people.map((p) => p.email);
  const contacts = (await db.contacts.where('emails').anyOf(emails).toArray()).filter((c) => !c.deleted);
  const emailDomains = emails.map(registrableDomain).filter((d): d is string => !!d && !isFreeMailDomain(d));
  const domains = [...new Set([...context.domains.map(registrableDomain).filter((d): d is string => !!d), ...emailDomains])];
  const byDomain = await db.accounts.where('domains').anyOf(domains).toArray();
  const byName = context.org ? await db.accounts.where('name').equalsIgnoreCase(context.org.trim()).toArray() : [];
  const accounts = [...byDomain, ...byName].filter((a) => !a.deleted);

  const first = context.people.find((p) => p.role === 'from') ?? context.people[0];
  const contactByEmail = new Map<string, Contact>();
  for (const c of contacts) for (const e of c.emails) contactByEmail.set(e, c);

  const countFor = async (ids: string[]) => ({
    openTasks: await db.tasks.where('subjectId').anyOf(ids).filter((t) => !t.done && !t.deleted).count(),
    notes: await db.notes.where('subjectId').anyOf(ids).filter((n) => !n.deleted).count(),
  });

  let primary: ContextSummary['primary'] = null;
  if (first) {
    const contact = contactByEmail.get(first.email);
    const account: Account | undefined = contact?.accountId
      ? await db.accounts.get(contact.accountId)
      : accounts.find((a) => a.domains.includes(registrableDomain(first.email) ?? ''));
    if (contact) {
      primary = { kind: 'contact', label: contact.name, email: first.email, accountName: account?.name, tier: account?.tier, ...(await countFor([contact.id, ...(account ? [account.id] : [])])) };
    } else {
      primary = { kind: 'unknown', label: first.name || first.email, email: first.email, accountName: account?.name, tier: account?.tier, openTasks: 0, notes: 0 };
    }
  } else if (accounts[0]) {
    const account = accounts[0];
    primary = { kind: 'account', label: account.name, tier: account.tier, ...(await countFor([account.id])) };
  }
  return { signedIn, primary, knownPeople: new Set(contacts.map((c) => c.id)).size };
}
