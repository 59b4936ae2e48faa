import { isFreeMailDomain, registrableDomain } from '../../shared/normalize';
import type { Account, Contact } from '../../shared/records';
import type { MarginDB } from './db';

/** Older first, then the smaller id: which record an address or a domain means when two share it. */
export function oldestFirst(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface PeopleLookup {
  /** The team's contact for each address (the oldest, should two share it). */
  contactByEmail: Map<string, Contact>;
  /** Every live account found: linked from those contacts, or by the addresses' and pages' domains. */
  accounts: Account[];
  /** Who an address is with: its contact's account, else the account of its company domain. */
  accountFor(email: string): Account | undefined;
}

/**
 * Who these addresses are to the team, from the local cache: one lookup shared by the chip, the
 * side panel's email view and its prompts, so they always agree. Free-mail and internal domains
 * never match an account; `domains` adds host names read from the page.
 */
export async function lookupPeople(
  db: MarginDB,
  emails: readonly string[],
  options: { internal?: ReadonlySet<string>; domains?: readonly string[] } = {},
): Promise<PeopleLookup> {
  const internal = options.internal ?? new Set<string>();
  const contacts = emails.length
    ? (
        await db.contacts
          .where('emails')
          .anyOf([...emails])
          .toArray()
      )
        .filter((c) => !c.deleted)
        .sort(oldestFirst)
    : [];
  const contactByEmail = new Map<string, Contact>();
  for (const c of contacts) for (const e of c.emails) if (!contactByEmail.has(e)) contactByEmail.set(e, c);
  const companyDomain = (input: string) => {
    const d = registrableDomain(input);
    return d && !isFreeMailDomain(d) && !internal.has(d) ? d : null;
  };
  const domains = [
    ...new Set([...emails, ...(options.domains ?? [])].map(companyDomain).filter((d): d is string => !!d)),
  ];
  const linkedIds = [...new Set(contacts.map((c) => c.accountId).filter((id): id is string => !!id))];
  const [linked, byDomain] = await Promise.all([
    linkedIds.length ? db.accounts.bulkGet(linkedIds) : [],
    domains.length ? db.accounts.where('domains').anyOf(domains).toArray() : [],
  ]);
  const accounts = [
    ...new Map([...linked, ...byDomain].filter((a): a is Account => !!a && !a.deleted).map((a) => [a.id, a])).values(),
  ].sort(oldestFirst);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return {
    contactByEmail,
    accounts,
    accountFor(email) {
      const viaContact = contactByEmail.get(email)?.accountId;
      if (viaContact && byId.has(viaContact)) return byId.get(viaContact);
      const domain = companyDomain(email);
      return domain ? accounts.find((a) => a.domains.includes(domain)) : undefined;
    },
  };
}
