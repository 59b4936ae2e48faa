import type { MarginDB } from '../lib/db';
import type { TabContext } from '../lib/tab-context';

export interface NoteTarget {
  kind: 'account' | 'contact';
  id: string;
}

/**
 * What "add a note" (the keyboard command) is about, from what the side panel is beside: the open
 * email's sender when Margin knows them, else the account of the page; null when nothing tells,
 * and the rep picks the record by searching.
 */
export async function noteTargetFor(
  db: MarginDB,
  email: TabContext | null,
  page: TabContext | null,
): Promise<NoteTarget | null> {
  const people = email?.context.people ?? [];
  const sender = people.find((p) => p.role === 'from') ?? people[0];
  if (sender) {
    const contact = await db.contacts
      .where('emails')
      .equals(sender.email.toLowerCase())
      .filter((c) => !c.deleted)
      .first();
    if (contact) return { kind: 'contact', id: contact.id };
  }
  const account = page?.recognition?.accounts[0];
  return account ? { kind: 'account', id: account.id } : null;
}
