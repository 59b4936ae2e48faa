import { isFreeMailDomain, registrableDomain } from '../../shared/normalize';
import type { PageContext, PagePerson } from '../../shared/page-context';
import type { Account, Contact } from '../../shared/records';
import type { MarginDB } from './db';
import { internalDomainSet, isInternalAddress, teamSettings } from './team-settings';

export interface ThreadPerson {
  person: PagePerson;
  contact: Contact | undefined;
}

/** People on the open email, grouped the way a rep thinks of them: by customer. */
export interface ThreadGroup {
  key: string;
  kind: 'account' | 'domain' | 'personal' | 'team';
  account: Account | undefined;
  /** The registrable domain of a `domain` group (a company the team has no account for yet). */
  domain: string | undefined;
  people: ThreadPerson[];
}

const TIER_ORDER = { A: 0, B: 1, C: 2 } as const;
const KIND_ORDER = { account: 0, domain: 1, personal: 2, team: 3 } as const;

/** Builds the side panel's view of the open email from the local cache. */
export async function emailContextGroups(db: MarginDB, context: PageContext): Promise<ThreadGroup[]> {
  const internal = internalDomainSet(await teamSettings(db));
  const people = context.people.filter((p) => !p.self);
  const emails = people.map((p) => p.email);
  const contacts = emails.length ? (await db.contacts.where('emails').anyOf(emails).toArray()).filter((c) => !c.deleted) : [];
  const contactByEmail = new Map<string, Contact>();
  for (const c of contacts.sort((a, b) => a.createdAt - b.createdAt)) for (const e of c.emails) if (!contactByEmail.has(e)) contactByEmail.set(e, c);
  const accountIds = [...new Set(contacts.map((c) => c.accountId).filter((id): id is string => !!id))];
  const linked = (await db.accounts.bulkGet(accountIds)).filter((a): a is Account => !!a && !a.deleted);
  const domains = [...new Set(emails.map(registrableDomain).filter((d): d is string => !!d && !isFreeMailDomain(d) && !internal.has(d)))];
  const byDomain = domains.length ? (await db.accounts.where('domains').anyOf(domains).toArray()).filter((a) => !a.deleted) : [];
  const accounts = new Map([...byDomain, ...linked].map((a) => [a.id, a]));

  const groups = new Map<string, ThreadGroup>();
  const groupFor = (key: string, init: Omit<ThreadGroup, 'key' | 'people'>) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, people: [], ...init }));
    return group;
  };
  for (const person of people) {
    const contact = contactByEmail.get(person.email);
    const domain = registrableDomain(person.email) ?? undefined;
    let group: ThreadGroup;
    if (isInternalAddress(person.email, internal)) {
      group = groupFor('team', { kind: 'team', account: undefined, domain: undefined });
    } else {
      const account = (contact?.accountId ? accounts.get(contact.accountId) : undefined) ?? [...accounts.values()].find((a) => !!domain && a.domains.includes(domain));
      if (account) group = groupFor(`account:${account.id}`, { kind: 'account', account, domain: undefined });
      else if (!domain || isFreeMailDomain(domain)) group = groupFor('personal', { kind: 'personal', account: undefined, domain: undefined });
      else group = groupFor(`domain:${domain}`, { kind: 'domain', account: undefined, domain });
    }
    group.people.push({ person, contact });
  }
  return [...groups.values()].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.account && b.account ? TIER_ORDER[a.account.tier] - TIER_ORDER[b.account.tier] || a.account.name.localeCompare(b.account.name) : 0),
  );
}
