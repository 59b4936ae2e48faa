import { domainKey, hostCandidates, isFreeMailDomain, registrableDomain } from '../../shared/normalize';
import { orgNameKeys, titleParts } from '../../shared/org-name';
import type { ContextSummary, PageContext } from '../../shared/page-context';
import type { Account } from '../../shared/records';
import type { PageIndex } from '../background/page-index';
import type { MarginDB } from './db';
import { oldestFirst } from './people-lookup';
import { isInternalAddress } from './internal-domains';
import { openWorkCounts } from './queries';

/** Why a page is taken to be about an account, strongest first. */
export type RecognitionVia = 'domain' | 'name' | 'contact';

/** Whom an ordinary web page is about: kept per tab for the side panel's research view. */
export interface PageRecognition {
  accounts: { id: string; via: RecognitionVia }[];
  /** The team's contacts whose addresses are on the page. */
  contacts: { id: string; email: string }[];
}

const VIA_RANK: Record<RecognitionVia, number> = { domain: 0, name: 1, contact: 2 };

/**
 * Recognises a page from the local cache: its host (and the JSON-LD organisation's site) against
 * account domains, subdomains included; the organisation names on it against account names
 * (legal forms ignored); the addresses on it against contacts. The team's own domains never
 * count, so the company's own site and colleagues are not customers.
 */
export async function recognizePage(
  db: MarginDB,
  index: PageIndex,
  context: PageContext,
): Promise<{ recognition: PageRecognition; accounts: Account[] }> {
  await index.current();
  const internal = index.internalDomains;
  const domainKeys = [...new Set(context.domains.flatMap(hostCandidates))].filter(
    (d) => !internal.has(d) && !internal.has(domainKey(d) ?? d),
  );
  const names = orgNameKeys([
    ...(context.page?.names ?? []),
    ...(context.org ? [context.org] : []),
    ...titleParts(context.page?.title ?? ''),
  ]);
  const emails = (context.page?.addresses ?? []).map((a) => a.email).filter((e) => !isInternalAddress(e, internal));

  const via = new Map<string, RecognitionVia>();
  const note = (ids: string[], how: RecognitionVia) =>
    ids.forEach((id) => {
      if (!via.has(id)) via.set(id, how);
    });
  note(index.accountIdsForDomains(domainKeys), 'domain');
  note(index.accountIdsForNames(names), 'name');

  const contacts = index.contactsForEmails(emails).sort(oldestFirst);
  const onPage = new Set(emails);
  const known = contacts.map((c) => ({ id: c.id, email: c.emails.find((e) => onPage.has(e)) ?? c.emails[0]! }));
  // A page naming people of one account is about that account when nothing stronger says otherwise.
  const contactAccounts = [...new Set(contacts.map((c) => c.accountId).filter((id): id is string => !!id))];
  if (via.size === 0 && contactAccounts.length === 1) note(contactAccounts, 'contact');

  const accounts = via.size
    ? (await db.accounts.bulkGet([...via.keys()])).filter((a): a is Account => !!a && !a.deleted)
    : [];
  accounts.sort((a, b) => VIA_RANK[via.get(a.id)!] - VIA_RANK[via.get(b.id)!] || oldestFirst(a, b));
  return {
    recognition: { accounts: accounts.map((a) => ({ id: a.id, via: via.get(a.id)! })), contacts: known },
    accounts,
  };
}

/** The page's marker: the account it belongs to, else the first known person on it. */
export async function pageSummary(
  db: MarginDB,
  index: PageIndex,
  found: Awaited<ReturnType<typeof recognizePage>>,
  signedIn: boolean,
): Promise<ContextSummary> {
  const account = found.accounts[0];
  const first = found.recognition.contacts[0];
  const contact = !account && first ? await db.contacts.get(first.id) : undefined;
  // An account's counts include its people's next steps and notes, as its history does.
  const subjectIds = account ? [account.id, ...index.contactIdsOf(account.id)] : contact ? [contact.id] : [];
  const { openTasks, notes } = await openWorkCounts(db, subjectIds);
  let primary: ContextSummary['primary'] = null;
  if (account) primary = { kind: 'account', label: account.name, tier: account.tier, openTasks, notes };
  else if (contact) {
    const at = contact.accountId ? await db.accounts.get(contact.accountId) : undefined;
    primary = {
      kind: 'contact',
      label: contact.name,
      email: found.recognition.contacts[0]?.email,
      accountName: at?.name,
      tier: at?.tier,
      openTasks,
      notes,
    };
  }
  return {
    signedIn,
    primary,
    knownPeople: found.recognition.contacts.length,
    knownEmails: found.recognition.contacts.map((c) => c.email),
  };
}

/**
 * The company domain a page stands for, for "create an account from this page" and "add this
 * domain": the page's registrable domain, else its organisation's site (JSON-LD), never a free-mail one.
 */
export function pageCompanyDomain(context: PageContext): string | null {
  for (const host of context.domains) {
    const domain = registrableDomain(host);
    if (domain && !isFreeMailDomain(domain)) return domain;
  }
  return null;
}
