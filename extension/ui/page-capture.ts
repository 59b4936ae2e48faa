import { domainKey, registrableDomain } from '../../shared/normalize';
import { normalizeOrgName, titleParts } from '../../shared/org-name';
import type { PageContext } from '../../shared/page-context';
import type { Account, Note } from '../../shared/records';
import { createFromUi, updateFromUi } from './actions';
import type { MarginDB } from '../lib/db';
import { pageCompanyDomain } from '../lib/page-recognition';
import { MessageError } from '../i18n/errors';
import { accountsWithDomain } from '../lib/queries';
import { accountForDomain } from './account-writes';
import { authorOf } from './author';

/** The account fields a page suggests, for the rep to review before saving. */
export interface AccountDraft {
  name: string;
  domain: string;
  description: string;
}

/** Name (JSON-LD, og:site_name, else the title's most name-like part), domain and description from the page. */
export function accountDraftFromPage(context: PageContext): AccountDraft {
  const page = context.page;
  const parts = titleParts(page?.title ?? '');
  const fromTitle = parts.length > 1 ? parts.slice(1).sort((a, b) => a.length - b.length)[0] : parts[0];
  const name = page?.names[0] ?? context.org ?? fromTitle ?? '';
  return {
    name: name.slice(0, 200),
    domain: pageCompanyDomain(context) ?? '',
    description: (page?.description ?? '').slice(0, 2000),
  };
}

/**
 * Creates an account from a reviewed draft. Refuses a second account for a domain the team
 * already has (it names the existing one), so a page never splits a customer in two; an account
 * with a domain gets the same id an email capture of that domain would (ui/account-writes.ts).
 */
export async function createAccountFromPage(db: MarginDB, draft: AccountDraft): Promise<Account> {
  const name = draft.name.trim();
  if (!name) throw new MessageError('error.accountName');
  const session = await db.getMeta('session');
  if (!session) throw new MessageError('error.signInFirst');
  if (!draft.domain.trim())
    return createFromUi('account', { name, domains: [], description: draft.description.trim(), tier: 'C' });
  const { account, created } = await accountForDomain(
    db,
    { name, domain: draft.domain, description: draft.description, tier: 'C' },
    authorOf(session),
    { freeMail: 'allow' },
  );
  if (!created)
    throw new MessageError('error.accountHasDomain', {
      name: account.name,
      domain: registrableDomain(draft.domain) ?? draft.domain,
    });
  return account;
}

/** Files the page's domain under an existing account ("this site is theirs too"). */
export async function addDomainToAccount(db: MarginDB, accountId: string, domainInput: string): Promise<Account> {
  const domain = registrableDomain(domainInput);
  if (!domain) throw new MessageError('error.notDomain', { input: domainInput });
  const account = await db.accounts.get(accountId);
  if (!account || account.deleted) throw new MessageError('error.accountGone');
  const key = domainKey(domain);
  if (account.domains.some((d) => domainKey(d) === key)) return account;
  const other = (await accountsWithDomain(db, domain)).find((a) => a.id !== accountId);
  if (other) throw new MessageError('error.domainTaken', { name: other.name, domain });
  return (await updateFromUi('account', accountId, { domains: [...account.domains, domain] })) as Account;
}

/** A note from text selected on a page: it keeps the page's address and title. */
export function noteFromPage(
  subjectId: string,
  input: { text: string; url: string; title: string; comment?: string },
  visibility: Note['visibility'] = 'team',
): Promise<Note> {
  const quote = input.text.trim();
  if (!quote) throw new MessageError('error.selectFirst');
  const body = input.comment?.trim() ? `${input.comment.trim()}\n\n> ${quote.replace(/\n/g, '\n> ')}` : quote;
  const sourceUrl = /^https?:\/\//i.test(input.url) ? input.url.slice(0, 2000) : null;
  return createFromUi('note', {
    subjectId,
    body,
    visibility,
    sourceUrl,
    sourceTitle: input.title.trim().slice(0, 300) || null,
  });
}

/** Accounts whose name starts with or contains the query, for "add this domain to…". */
export async function searchAccounts(db: MarginDB, query: string, limit = 8): Promise<Account[]> {
  const key = normalizeOrgName(query);
  if (!key) return [];
  const all = await db.accounts
    .filter((a) => !a.deleted && normalizeOrgName(a.name).includes(key))
    .limit(limit * 4)
    .toArray();
  return all
    .sort(
      (a, b) =>
        Number(!normalizeOrgName(b.name).startsWith(key)) - Number(!normalizeOrgName(a.name).startsWith(key)) ||
        a.name.localeCompare(b.name),
    )
    .slice(0, limit);
}
