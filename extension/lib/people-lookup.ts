import { hostCandidates, isFreeMailDomain, registrableDomain } from '../../shared/normalize';
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
 * The same answers as the database's `emails` and `domains` indexes, from memory (the background's
 * page index, kept current from the change log): which records to read, not the records.
 */
export interface PeopleIndex {
  contactsForEmails(emails: readonly string[]): { id: string; accountId: string | null }[];
  accountIdsForDomains(domains: readonly string[]): string[];
}

/** The background's page index once built: who has which address and domain, and the team's own domains. */
export interface LoadedIndex {
  people: PeopleIndex;
  internalDomains: ReadonlySet<string>;
}

const live = <T extends { deleted?: boolean }>(records: readonly (T | undefined)[]): T[] =>
  records.filter((r): r is T => !!r && !r.deleted);

/**
 * Who these addresses are to the team, from the local cache: one lookup shared by the chip, the
 * side panel's email view and its prompts, so they always agree. Free-mail and internal domains
 * never match an account; `domains` adds host names read from the page. With an `index` (the
 * background's, up to date) the records are read by id instead of probing the database's indexes.
 */
export async function lookupPeople(
  db: MarginDB,
  emails: readonly string[],
  options: { internal?: ReadonlySet<string>; domains?: readonly string[]; index?: PeopleIndex } = {},
): Promise<PeopleLookup> {
  const internal = options.internal ?? new Set<string>();
  /**
   * The domains an address or host may be filed under, most specific first: its host, each parent,
   * its registrable domain (an account may keep `sales.example.co.uk`, another `example.co.uk`).
   * None for free mail and the team's own domains.
   */
  const companyDomains = (input: string): string[] => {
    const d = registrableDomain(input);
    if (!d || isFreeMailDomain(d) || internal.has(d)) return [];
    const host = input.includes('@') ? input.slice(input.lastIndexOf('@') + 1) : input;
    const candidates = hostCandidates(host);
    return candidates.length ? candidates : [d];
  };
  const domains = [...new Set([...emails, ...(options.domains ?? [])].flatMap(companyDomains))];
  const { contacts, accounts: found } = options.index
    ? await readByIndex(db, options.index, emails, domains)
    : await readByQuery(db, emails, domains);
  contacts.sort(oldestFirst);
  const contactByEmail = new Map<string, Contact>();
  for (const c of contacts) for (const e of c.emails) if (!contactByEmail.has(e)) contactByEmail.set(e, c);
  const accounts = [...new Map(found.map((a) => [a.id, a])).values()].sort(oldestFirst);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return {
    contactByEmail,
    accounts,
    accountFor(email) {
      const viaContact = contactByEmail.get(email)?.accountId;
      if (viaContact && byId.has(viaContact)) return byId.get(viaContact);
      for (const domain of companyDomains(email)) {
        const account = accounts.find((a) => a.domains.includes(domain));
        if (account) return account;
      }
      return undefined;
    },
  };
}

/** The live contacts with these addresses, and the live accounts they or the domains lead to (one may come twice). */
interface Found {
  contacts: Contact[];
  accounts: Account[];
}

/** Through the database's indexes: the contacts first, then their accounts and the domains' accounts. */
async function readByQuery(db: MarginDB, emails: readonly string[], domains: readonly string[]): Promise<Found> {
  const contacts = emails.length
    ? live(
        await db.contacts
          .where('emails')
          .anyOf([...emails])
          .toArray(),
      )
    : [];
  const linkedIds = [...new Set(contacts.flatMap((c) => (c.accountId ? [c.accountId] : [])))];
  const [linked, byDomain] = await Promise.all([
    linkedIds.length ? db.accounts.bulkGet(linkedIds) : [],
    domains.length
      ? db.accounts
          .where('domains')
          .anyOf([...domains])
          .toArray()
      : [],
  ]);
  return { contacts, accounts: [...live(linked), ...live(byDomain)] };
}

/** Through the in-memory index: every id is known at once, so contacts and accounts are read in one go. */
async function readByIndex(
  db: MarginDB,
  index: PeopleIndex,
  emails: readonly string[],
  domains: readonly string[],
): Promise<Found> {
  const known = emails.length ? index.contactsForEmails(emails) : [];
  const accountIds = [
    ...new Set([
      ...known.flatMap((c) => (c.accountId ? [c.accountId] : [])),
      ...(domains.length ? index.accountIdsForDomains(domains) : []),
    ]),
  ];
  const [contacts, accounts] = await Promise.all([
    known.length ? db.contacts.bulkGet(known.map((c) => c.id)) : [],
    accountIds.length ? db.accounts.bulkGet(accountIds) : [],
  ]);
  return { contacts: live(contacts), accounts: live(accounts) };
}
