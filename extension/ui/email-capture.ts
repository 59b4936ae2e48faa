import { buildRecord } from '../../shared/factories';
import { stableRecordId } from '../../shared/ids';
import { normalizeEmail } from '../../shared/normalize';
import type { PageContext } from '../../shared/page-context';
import type { Account, Contact, Interaction } from '../../shared/records';
import type { MarginDB } from '../lib/db';
import { createRecord, updateRecord } from './local-writes';
import { accountForAddress, findContactByEmail } from '../lib/queries';
import { accountForDomain, stableIdFor } from './account-writes';
import type { Author } from './author';
import { teamSettings } from '../lib/team-settings';
import { internalDomainSet, isInternalAddress } from '../lib/internal-domains';
import { MessageError } from '../i18n/errors';

/** The rep's choice of account for a captured contact, after reviewing the form. */
export type AccountChoice =
  | { kind: 'existing'; accountId: string }
  | { kind: 'new'; name: string; domain: string }
  | { kind: 'none' };

export interface CaptureInput {
  name: string;
  email: string;
  title: string;
  phone: string;
  account: AccountChoice;
  /** Where the rep found the person: an email (default) or a web page. */
  source?: 'email' | 'page';
}

async function resolveAccount(db: MarginDB, choice: AccountChoice, by: Author): Promise<Account | null> {
  if (choice.kind === 'none') return null;
  if (choice.kind === 'existing') {
    const account = await db.accounts.get(choice.accountId);
    if (!account || account.deleted) throw new MessageError('error.accountDeleted');
    return account;
  }
  return (await accountForDomain(db, { name: choice.name, domain: choice.domain }, by)).account;
}

/**
 * Saves a contact captured from an email. An address the team already has is merged into that
 * contact (empty fields filled, a new phone added), never duplicated; a new one gets an id derived
 * from the address, so two reps capturing the same person create one contact.
 */
export async function captureContact(
  db: MarginDB,
  input: CaptureInput,
  by: Author,
): Promise<{ contact: Contact; merged: boolean }> {
  const email = normalizeEmail(input.email);
  const phone = input.phone.trim();
  // Validate before anything is written, so a bad field never leaves a half-made capture behind.
  const draft = buildRecord(
    'contact',
    {
      name: input.name,
      emails: [email],
      phones: phone ? [phone] : [],
      title: input.title,
      source: input.source ?? 'email',
    },
    { memberId: by.memberId, now: by.now },
  );
  const existing = await findContactByEmail(db, email);
  const account = await resolveAccount(db, input.account, by);
  if (existing) {
    const patch: Partial<Contact> = {};
    if (!existing.title && draft.title) patch.title = draft.title;
    if (phone && !existing.phones.includes(phone)) patch.phones = [...existing.phones, phone];
    if (!existing.accountId && account) patch.accountId = account.id;
    if ((!existing.name || existing.name === email) && draft.name) patch.name = draft.name;
    const updated = Object.keys(patch).length
      ? ((await updateRecord(db, 'contact', existing.id, patch, by.now)) as Contact | undefined)
      : existing;
    return { contact: updated ?? existing, merged: true };
  }
  const id = await stableIdFor(db, 'contacts', by.teamId, 'contact-email', email);
  const contact = await createRecord(db, { ...draft, id, accountId: account?.id ?? null }, by.now);
  return { contact, merged: false };
}

/** The stable id of a logged email: one interaction per message, whoever logs it and however often. */
export function emailLogKey(context: PageContext): string {
  return `${context.site}:${context.messageId ?? context.threadId ?? context.link ?? context.url}`;
}

/** The interaction already logged for this email, if any. */
export async function loggedEmail(
  db: MarginDB,
  teamId: string,
  context: PageContext,
): Promise<Interaction | undefined> {
  const found = await db.interactions.get(stableRecordId(teamId, 'email-log', emailLogKey(context)));
  return found && !found.deleted ? found : undefined;
}

/**
 * "Log this email": an interaction with subject, participants, date and link, attached to the
 * team's contacts and accounts on the thread. The text only when the rep ticked "include text".
 * Logging an email twice is a no-op.
 */
export async function logEmail(
  db: MarginDB,
  context: PageContext,
  options: { text: string | null },
  by: Author,
): Promise<{ interaction: Interaction; already: boolean }> {
  const already = await loggedEmail(db, by.teamId, context);
  if (already) return { interaction: already, already: true };
  const internal = internalDomainSet(await teamSettings(db));
  const customers = context.people.filter((p) => !p.self && !isInternalAddress(p.email, internal));
  const subjectIds = new Set<string>();
  for (const person of customers) {
    const contact = await findContactByEmail(db, person.email);
    if (contact) subjectIds.add(contact.id);
    const accountId = contact?.accountId ?? (await accountForAddress(db, person.email)).account?.id;
    if (accountId) subjectIds.add(accountId);
  }
  if (subjectIds.size === 0) throw new MessageError('error.nobodyKnown');
  const subject = context.subject?.trim() || '(no subject)';
  const id = await stableIdFor(db, 'interactions', by.teamId, 'email-log', emailLogKey(context));
  const interaction = buildRecord(
    'interaction',
    {
      subjectIds: [...subjectIds].slice(0, 50),
      kind: 'email',
      at: context.sentAt ?? by.now,
      summary: subject.slice(0, 2000),
      reference: {
        messageId: (context.messageId ?? context.threadId ?? '').slice(0, 200),
        subject: subject.slice(0, 2000),
        participants: context.people
          .filter((p) => !p.self)
          .map((p) => p.email)
          .slice(0, 50),
        link: (context.link ?? context.url).slice(0, 2000),
      },
      capturedText: options.text,
    },
    { memberId: by.memberId, now: by.now, id },
  );
  return { interaction: await createRecord(db, interaction, by.now), already: false };
}
