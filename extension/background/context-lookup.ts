import type { ContextSummary, PageContext, PagePerson } from '../../shared/page-context';
import type { MarginDB } from '../lib/db';
import { lookupPeople, type LoadedIndex } from '../lib/people-lookup';
import { teamSettings } from '../lib/team-settings';
import { internalDomainSet, isInternalAddress } from '../lib/internal-domains';
import { openWorkCounts } from '../lib/queries';

/**
 * Who the chip is about: the open message's sender when they are a customer; otherwise the first
 * customer on the thread. The reader and colleagues (the team's own domains) never are.
 */
export function primaryPerson(people: readonly PagePerson[], internal: ReadonlySet<string>): PagePerson | undefined {
  const customers = people.filter((p) => !p.self && !isInternalAddress(p.email, internal));
  return customers.find((p) => p.role === 'from') ?? customers[0];
}

/**
 * Answers "who is this email about?" from the local cache: the chip's summary (ordinary pages:
 * page-recognition.ts). With the background's `index` the records are read by id, and the counts
 * and deals all at once, so the chip is drawn within a frame of the thread opening.
 */
export async function lookupContext(
  db: MarginDB,
  context: PageContext,
  signedIn: boolean,
  index?: LoadedIndex,
): Promise<ContextSummary> {
  const internal = index?.internalDomains ?? internalDomainSet(await teamSettings(db));
  const emails = context.people.filter((p) => !p.self && !isInternalAddress(p.email, internal)).map((p) => p.email);
  const found = await lookupPeople(db, emails, {
    internal,
    domains: context.domains,
    ...(index ? { index: index.people } : {}),
  });

  /** The account's open deals: how many, and the one closing first (undated ones last). */
  const dealsOf = async (accountId: string | undefined) => {
    if (!accountId) return {};
    const open = await db.deals
      .where('accountId')
      .equals(accountId)
      .filter((d) => d.status === 'open' && !d.deleted)
      .toArray();
    if (!open.length) return {};
    open.sort((a, b) => (a.closeDate ?? '9999').localeCompare(b.closeDate ?? '9999'));
    return { openDeals: open.length, dealName: open[0]!.name };
  };

  const first = primaryPerson(context.people, internal);
  let primary: ContextSummary['primary'] = null;
  if (first) {
    const contact = found.contactByEmail.get(first.email);
    const account = found.accountFor(first.email);
    if (contact) {
      const [counts, deals] = await Promise.all([
        openWorkCounts(db, [contact.id, ...(account ? [account.id] : [])]),
        dealsOf(account?.id),
      ]);
      primary = {
        kind: 'contact',
        label: contact.name,
        email: first.email,
        accountName: account?.name,
        tier: account?.tier,
        ...counts,
        ...deals,
      };
    } else {
      primary = {
        kind: 'unknown',
        label: first.name || first.email,
        email: first.email,
        accountName: account?.name,
        tier: account?.tier,
        openTasks: 0,
        notes: 0,
        ...(await dealsOf(account?.id)),
      };
    }
  }
  return {
    signedIn,
    primary,
    knownPeople: new Set([...found.contactByEmail.values()].map((c) => c.id)).size,
    knownEmails: [],
  };
}
