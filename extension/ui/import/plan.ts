import { buildRecord } from '../../../shared/factories';
import { newRecordId, stableRecordId } from '../../../shared/ids';
import { isFreeMailDomain, normalizeEmail, registrableDomain } from '../../../shared/normalize';
import { normalizeOrgName } from '../../../shared/org-name';
import { email as emailSchema, type Account, type Contact, type Note } from '../../../shared/records';
import type { MarginDB } from '../../lib/db';
import type { Author } from '../author';
import { writeBatch, type BatchWrite } from '../local-writes';
import { oldestFirst } from '../../lib/people-lookup';
import { teamSettings } from '../../lib/team-settings';
import { internalDomainSet } from '../../lib/internal-domains';
import type { ContactDraft } from './drafts';
import type { MessageKey, MessageVars } from '../../i18n';
import { yieldToPage } from '../yield-to-page';

export interface SkippedRow {
  line: number;
  /** Why, as a message of the catalogs (the import report writes it in the rep's language). */
  reason: { key: MessageKey; vars?: MessageVars };
}

/** What an import will do, shown before anything is written. */
export interface ImportPlan {
  rows: number;
  contacts: Contact[];
  /** Contacts the team already has (by address): fields they lack are filled, addresses and phones added. */
  merges: { contact: Contact; patch: Partial<Contact>; line: number }[];
  accounts: Account[];
  notes: Note[];
  skipped: SkippedRow[];
  /** Rows folded into an earlier row of the same file with the same address. */
  mergedInFile: number;
}

/** A row that passed the checks; its note text becomes a list, as folded rows may bring several. */
type Checked = Omit<ContactDraft, 'note'> & {
  notes: string[];
  /** The row as a contact, checked against the schema; dropped when another row is folded into it (checked again then). */
  checked: Contact | null;
};

const ROWS_PER_SLICE = 500;
const unique = (values: string[]) => [...new Set(values)];

/** A row's problem, or its cleaned values (checked against the contact schema once, here). */
function check(draft: ContactDraft): Checked | SkippedRow['reason'] {
  const emails: string[] = [];
  for (const raw of draft.emails) {
    const address = normalizeEmail(raw);
    if (!emailSchema.safeParse(address).success)
      return { key: 'import.skip.notEmail', vars: { value: raw.slice(0, 80) } };
    emails.push(address);
  }
  const name = draft.name.trim() || emails[0] || '';
  if (!name) return { key: 'import.skip.noName' };
  if (draft.company.trim().length > 200) return { key: 'import.skip.companyTooLong', vars: { max: 200 } };
  const fields = {
    name,
    emails: unique(emails),
    phones: unique(draft.phones.map((p) => p.trim()).filter(Boolean)),
    title: draft.title.trim(),
    tags: unique(draft.tags.map((t) => t.trim()).filter(Boolean)),
  };
  let checked: Contact;
  try {
    checked = buildRecord('contact', { ...fields, source: 'import' }, { memberId: 'check', now: 0 });
  } catch (error) {
    const issue = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues?.[0];
    return issue
      ? { key: 'import.skip.invalid', vars: { field: issue.path.join('.') || '—', problem: issue.message } }
      : { key: 'import.skip.notContact' };
  }
  return {
    line: draft.line,
    ...fields,
    company: draft.company.trim(),
    notes: draft.note.trim() ? [draft.note.trim()] : [],
    checked,
  };
}

/** Folds `from` into `into`: first non-empty value wins, lists are joined. */
function fold(into: Checked, from: Checked) {
  into.checked = null;
  into.emails = unique([...into.emails, ...from.emails]);
  into.phones = unique([...into.phones, ...from.phones]);
  into.tags = unique([...into.tags, ...from.tags]);
  into.notes.push(...from.notes);
  if (!into.title) into.title = from.title;
  if (!into.company) into.company = from.company;
  if (into.name === into.emails[0] && from.name !== from.emails[0]) into.name = from.name;
}

/**
 * Works out an import without writing anything: rows checked (a bad address or an over-long field
 * skips the row, with the reason), rows with the same address folded together, addresses the team
 * already has merged into those contacts, companies matched to accounts by name or by the
 * address's domain (a new account otherwise), and a note for each row's note text. Works in slices
 * and reports progress, so a 10,000-row file keeps the page responsive.
 */
export async function planImport(
  db: MarginDB,
  drafts: readonly ContactDraft[],
  by: Author,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportPlan> {
  const skipped: SkippedRow[] = [];
  const rows: Checked[] = [];
  const byEmail = new Map<string, Checked>();
  let mergedInFile = 0;
  for (let i = 0; i < drafts.length; i++) {
    const checked = check(drafts[i]!);
    if ('key' in checked) skipped.push({ line: drafts[i]!.line, reason: checked });
    else {
      const earlier = checked.emails.map((e) => byEmail.get(e)).find(Boolean);
      if (earlier) {
        fold(earlier, checked);
        mergedInFile++;
      } else rows.push(checked);
      const owner = earlier ?? checked;
      for (const e of owner.emails) byEmail.set(e, owner);
    }
    if (i % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) {
      onProgress?.(i + 1, drafts.length * 2);
      await yieldToPage();
    }
  }

  const internal = internalDomainSet(await teamSettings(db));
  const companyDomain = (address: string) => {
    const domain = registrableDomain(address);
    return domain && !isFreeMailDomain(domain) && !internal.has(domain) ? domain : null;
  };
  const allEmails = [...byEmail.keys()];
  const [existingContacts, allAccounts] = await Promise.all([
    allEmails.length ? db.contacts.where('emails').anyOf(allEmails).toArray() : [],
    db.accounts.toArray(),
  ]);
  const contactByEmail = new Map<string, Contact>();
  for (const c of existingContacts.filter((c) => !c.deleted).sort(oldestFirst))
    for (const e of c.emails) if (!contactByEmail.has(e)) contactByEmail.set(e, c);
  const accounts = allAccounts.filter((a) => !a.deleted).sort(oldestFirst);
  const accountByName = new Map<string, Account>();
  const accountByDomain = new Map<string, Account>();
  for (const a of accounts) {
    const key = normalizeOrgName(a.name);
    if (key && !accountByName.has(key)) accountByName.set(key, a);
    for (const d of a.domains) if (!accountByDomain.has(d)) accountByDomain.set(d, a);
  }

  const newAccounts: Account[] = [];
  const accountFor = (row: Checked): Account | null => {
    const domain = row.emails.map(companyDomain).find((d): d is string => !!d) ?? null;
    const key = row.company ? normalizeOrgName(row.company) : '';
    const known = (key && accountByName.get(key)) || (domain && accountByDomain.get(domain)) || null;
    if (known || !row.company) return known;
    const id = domain ? stableIds.account(domain) : newRecordId();
    const account = buildRecord(
      'account',
      { name: row.company, domains: domain ? [domain] : [] },
      { memberId: by.memberId, now: by.now, id },
    );
    newAccounts.push(account);
    if (key) accountByName.set(key, account);
    if (domain) accountByDomain.set(domain, account);
    return account;
  };

  // Stable ids (a SHA-256 each, the same a capture would make) for addresses and company domains.
  const stableIds = {
    contact: (address: string) => stableRecordId(by.teamId, 'contact-email', address),
    account: (domain: string) => stableRecordId(by.teamId, 'account-domain', domain),
  };

  const contacts: Contact[] = [];
  const mergeFor = new Map<string, ImportPlan['merges'][number]>();
  const notes: Note[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const account = accountFor(row);
    const existing = row.emails.map((e) => contactByEmail.get(e)).find(Boolean);
    let contactId: string;
    if (existing) {
      // Several rows may reach one contact (by different addresses): their changes add up.
      const merge = mergeFor.get(existing.id) ?? { contact: existing, patch: {}, line: row.line };
      mergeFor.set(existing.id, merge);
      const current = { ...existing, ...merge.patch };
      const emails = unique([...current.emails, ...row.emails]);
      const phones = unique([...current.phones, ...row.phones]);
      const tags = unique([...current.tags, ...row.tags]);
      if (emails.length > current.emails.length) merge.patch.emails = emails;
      if (phones.length > current.phones.length) merge.patch.phones = phones;
      if (tags.length > current.tags.length) merge.patch.tags = tags;
      if (!current.title && row.title) merge.patch.title = row.title;
      if (!current.accountId && account) merge.patch.accountId = account.id;
      if (current.name === current.emails[0] && row.name !== row.emails[0]) merge.patch.name = row.name;
      contactId = existing.id;
    } else {
      // The same id a capture of this address would get: two reps importing one person make one contact.
      const id = row.emails[0] ? stableIds.contact(row.emails[0]) : newRecordId();
      // A row checked as it is needs only its id, account and stamps; a folded row is checked again.
      const contact = row.checked
        ? {
            ...row.checked,
            id,
            accountId: account?.id ?? null,
            createdBy: by.memberId,
            createdAt: by.now,
            updatedAt: by.now,
          }
        : buildRecord(
            'contact',
            {
              name: row.name,
              emails: row.emails,
              phones: row.phones,
              title: row.title,
              tags: row.tags,
              accountId: account?.id ?? null,
              source: 'import',
            },
            { memberId: by.memberId, now: by.now, id },
          );
      contacts.push(contact);
      contactId = id;
    }
    for (const body of row.notes)
      notes.push(
        buildRecord(
          'note',
          { subjectId: contactId, body: body.slice(0, 100_000) },
          { memberId: by.memberId, now: by.now },
        ),
      );
    if (i % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) {
      onProgress?.(drafts.length + Math.round(((i + 1) / rows.length) * drafts.length), drafts.length * 2);
      await yieldToPage();
    }
  }
  const merges = [...mergeFor.values()];
  // A deleted record's id is never reused (its tombstone would win): those get fresh ids.
  // Keys first (cheap); only the few that exist are read, to see whether they are tombstones.
  const present = new Set(
    await db.contacts
      .where(':id')
      .anyOf(contacts.map((c) => c.id))
      .primaryKeys(),
  );
  const taken = present.size ? await db.contacts.bulkGet(contacts.map((c) => (present.has(c.id) ? c.id : ''))) : [];
  taken.forEach((t, i) => {
    if (t?.deleted) {
      const fresh = newRecordId();
      notes.forEach((n) => {
        if (n.subjectId === contacts[i]!.id) n.subjectId = fresh;
      });
      contacts[i] = { ...contacts[i]!, id: fresh };
    }
  });
  const takenAccounts = await db.accounts.bulkGet(newAccounts.map((a) => a.id));
  takenAccounts.forEach((t, i) => {
    if (t?.deleted) {
      const fresh = newRecordId();
      for (const c of contacts) if (c.accountId === newAccounts[i]!.id) c.accountId = fresh;
      for (const m of merges) if (m.patch.accountId === newAccounts[i]!.id) m.patch.accountId = fresh;
      newAccounts[i] = { ...newAccounts[i]!, id: fresh };
    }
  });
  onProgress?.(drafts.length * 2, drafts.length * 2);
  return { rows: drafts.length, contacts, merges, accounts: newAccounts, notes, skipped, mergedInFile };
}

/** Writes a plan in one transaction: everything, or (on any error) nothing. */
export async function applyImport(db: MarginDB, plan: ImportPlan, now = Date.now()): Promise<void> {
  const writes: BatchWrite[] = [
    ...plan.accounts.map((record): BatchWrite => ({ kind: 'create', record })),
    ...plan.contacts.map((record): BatchWrite => ({ kind: 'create', record })),
    ...plan.merges
      .filter((m) => Object.keys(m.patch).length)
      .map((m): BatchWrite => ({ kind: 'update', type: 'contact', recordId: m.contact.id, patch: m.patch })),
    ...plan.notes.map((record): BatchWrite => ({ kind: 'create', record })),
  ];
  // Every record was built and checked against its schema while planning.
  await writeBatch(db, writes, now, { validated: true });
}
