import { isFreeMailDomain, registrableDomain } from '../../shared/normalize';
import type { PageContext, PagePerson } from '../../shared/page-context';
import type { Account, Contact } from '../../shared/records';
import type { MarginDB } from './db';
import { lookupPeople, type LoadedIndex } from './people-lookup';
import { teamSettings } from './team-settings';
import { internalDomainSet, isInternalAddress } from './internal-domains';

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

/**
 * Builds the side panel's view of the open email from the local cache; with the background's
 * loaded `index` (its answer to the panel's first paint) the records are read by id, at once.
 */
export async function emailContextGroups(
  db: MarginDB,
  context: PageContext,
  index?: LoadedIndex,
): Promise<ThreadGroup[]> {
  const internal = index?.internalDomains ?? internalDomainSet(await teamSettings(db));
  // The sender first (an adapter may read the recipients before it); the others in the page's order.
  const people = context.people
    .filter((p) => !p.self)
    .sort((a, b) => Number(b.role === 'from') - Number(a.role === 'from'));
  const emails = people.map((p) => p.email);
  const found = await lookupPeople(db, emails, { internal, ...(index ? { index: index.people } : {}) });

  const groups = new Map<string, ThreadGroup>();
  const groupFor = (key: string, init: Omit<ThreadGroup, 'key' | 'people'>) => {
    let group = groups.get(key);
    if (!group) {
      group = { key, people: [], ...init };
      groups.set(key, group);
    }
    return group;
  };
  for (const person of people) {
    const contact = found.contactByEmail.get(person.email);
    const domain = registrableDomain(person.email) ?? undefined;
    let group: ThreadGroup;
    if (isInternalAddress(person.email, internal)) {
      group = groupFor('team', { kind: 'team', account: undefined, domain: undefined });
    } else {
      const account = found.accountFor(person.email);
      if (account) group = groupFor(`account:${account.id}`, { kind: 'account', account, domain: undefined });
      else if (!domain || isFreeMailDomain(domain))
        group = groupFor('personal', { kind: 'personal', account: undefined, domain: undefined });
      else group = groupFor(`domain:${domain}`, { kind: 'domain', account: undefined, domain });
    }
    group.people.push({ person, contact });
  }
  return [...groups.values()].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.account && b.account
        ? TIER_ORDER[a.account.tier] - TIER_ORDER[b.account.tier] || a.account.name.localeCompare(b.account.name)
        : 0),
  );
}
