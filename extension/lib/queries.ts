import { domainKey, isFreeMailDomain, normalizeEmail, registrableDomain } from '../../shared/normalize';
import type { Account, Contact, Plan } from '../../shared/records';
import type { MarginDB } from './db';
import { lookupPeople, oldestFirst } from './people-lookup';

/**
 * Named reads of the local cache that more than one place asks: a component, a write and a test
 * ask the same question the same way. Deleted records (tombstones) are never returned.
 */

/** An account's plan for a year (one per account and year; see ui/account-writes.ts). */
export async function currentPlan(db: MarginDB, accountId: string, year: number): Promise<Plan | undefined> {
  return db.plans
    .where('accountId')
    .equals(accountId)
    .filter((p) => p.year === year && !p.deleted)
    .first();
}

/** Live accounts that have `domain` (as given, or as its key without `www.`), oldest first. */
export async function accountsWithDomain(db: MarginDB, domain: string): Promise<Account[]> {
  const key = domainKey(domain);
  const found = await db.accounts
    .where('domains')
    .anyOf([...new Set([domain, ...(key ? [key] : [])])])
    .toArray();
  return found.filter((a) => !a.deleted).sort(oldestFirst);
}

/** The account an address belongs to by its registrable domain; free-mail addresses belong to none. */
export async function accountForAddress(
  db: MarginDB,
  email: string,
): Promise<{ domain: string | null; freeMail: boolean; account: Account | undefined }> {
  const domain = registrableDomain(email);
  if (!domain) return { domain: null, freeMail: false, account: undefined };
  if (isFreeMailDomain(domain)) return { domain, freeMail: true, account: undefined };
  return { domain, freeMail: false, account: (await accountsWithDomain(db, domain))[0] };
}

/** What the chip counts for these subjects: their open next steps and their notes. */
export async function openWorkCounts(
  db: MarginDB,
  subjectIds: readonly string[],
): Promise<{ openTasks: number; notes: number }> {
  if (!subjectIds.length) return { openTasks: 0, notes: 0 };
  const [openTasks, notes] = await Promise.all([
    db.tasks
      .where('subjectId')
      .anyOf([...subjectIds])
      .filter((t) => !t.done && !t.deleted)
      .count(),
    db.notes
      .where('subjectId')
      .anyOf([...subjectIds])
      .filter((n) => !n.deleted)
      .count(),
  ]);
  return { openTasks, notes };
}

export async function findContactByEmail(db: MarginDB, email: string): Promise<Contact | undefined> {
  const address = normalizeEmail(email);
  return (await lookupPeople(db, [address])).contactByEmail.get(address);
}
