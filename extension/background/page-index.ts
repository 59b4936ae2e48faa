import { domainKey } from '../../shared/normalize';
import { normalizeOrgName } from '../../shared/org-name';
import type { Account, Contact } from '../../shared/records';
import type { MarginDB } from '../lib/db';
import { teamSettings } from '../lib/team-settings';
import { internalDomainSet } from '../lib/internal-domains';
import { latestSeq, readChanges } from '../lib/change-log';
import type { PeopleIndex } from '../lib/people-lookup';

/** What recognition needs of a contact, without reading it. */
export interface IndexedContact {
  id: string;
  emails: string[];
  accountId: string | null;
  createdAt: number;
}

/** Past this many changed records (a first sync), reading them all once is cheaper than one by one. */
const RELOAD_ABOVE = 2_000;

/**
 * What recognising a page looks up, in memory: accounts by domain key and by normalised name,
 * contacts by address. A page with 200 addresses is then a few hundred map lookups however large
 * the team's data, instead of hundreds of IndexedDB index probes. Built once from IndexedDB, then
 * kept current from the change log (`db.changes`), like the agenda store; a reset or a reader left
 * behind by pruning rebuilds it. Only ids and keys are held; records are read when found.
 */
export class PageIndex {
  private byDomain = new Map<string, Set<string>>();
  private byName = new Map<string, Set<string>>();
  /** The accounts' domains exactly as stored: what the database's `domains` index answers (the chip's lookup). */
  private byStoredDomain = new Map<string, Set<string>>();
  private keysOf = new Map<string, { domains: string[]; stored: string[]; name: string }>();
  /** Address → contact id, or ids when several contacts share one (rare). */
  private byEmail = new Map<string, string | string[]>();
  private contactsById = new Map<string, IndexedContact>();
  private contactsByAccount = new Map<string, Set<string>>();
  private internal: ReadonlySet<string> = new Set();
  private lastSeq = -1;
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly db: MarginDB) {}

  /** Brings the index up to date with the database (cheap when nothing changed). */
  current(): Promise<void> {
    this.work = this.work.then(
      () => this.catchUp(),
      () => this.catchUp(),
    );
    return this.work;
  }

  accountIdsForDomains(keys: readonly string[]): string[] {
    return [...new Set(keys.flatMap((k) => [...(this.byDomain.get(k) ?? [])]))];
  }

  /** The accounts with one of these domains as stored, like `db.accounts.where('domains').anyOf(domains)`. */
  accountIdsForStoredDomains(domains: readonly string[]): string[] {
    return [...new Set(domains.flatMap((d) => [...(this.byStoredDomain.get(d) ?? [])]))];
  }

  /** True once the index was built (after that, `current()` only applies what changed). */
  get loaded(): boolean {
    return this.lastSeq >= 0;
  }

  /** The index as `lookupPeople` reads it: the same answers as the database's indexes, from memory. */
  get people(): PeopleIndex {
    return {
      contactsForEmails: (emails) => this.contactsForEmails(emails),
      accountIdsForDomains: (domains) => this.accountIdsForStoredDomains(domains),
    };
  }

  accountIdsForNames(keys: readonly string[]): string[] {
    return [...new Set(keys.flatMap((k) => [...(this.byName.get(k) ?? [])]))];
  }

  /** The team's contacts with these addresses. */
  contactsForEmails(emails: readonly string[]): IndexedContact[] {
    const ids = new Set(
      emails.flatMap((e) => {
        const found = this.byEmail.get(e);
        return found === undefined ? [] : typeof found === 'string' ? [found] : found;
      }),
    );
    return [...ids].map((id) => this.contactsById.get(id)!).filter(Boolean);
  }

  /** The ids of an account's people. */
  contactIdsOf(accountId: string): string[] {
    return [...(this.contactsByAccount.get(accountId) ?? [])];
  }

  /** The team's own domains (Options → Team domains): never a customer's. */
  get internalDomains(): ReadonlySet<string> {
    return this.internal;
  }

  get size(): number {
    return this.keysOf.size;
  }

  private async catchUp() {
    if (this.lastSeq < 0) return this.reload();
    const changes = await readChanges(this.db, this.lastSeq, RELOAD_ABOVE);
    if (!changes) return;
    if (changes.reread) return this.reload();
    if (changes.ids('settings').length) this.internal = internalDomainSet(await teamSettings(this.db));
    this.lastSeq = changes.seq;
    const [ids, contactIds] = [changes.ids('account'), changes.ids('contact')];
    const [accounts, contacts] = await Promise.all([
      this.db.accounts.bulkGet(ids),
      this.db.contacts.bulkGet(contactIds),
    ]);
    ids.forEach((id, i) => {
      this.remove(id);
      const account = accounts[i];
      if (account && !account.deleted) this.add(account);
    });
    contactIds.forEach((id, i) => {
      this.removeContact(id);
      const contact = contacts[i];
      if (contact && !contact.deleted) this.addContact(contact);
    });
  }

  private async reload() {
    const top = await latestSeq(this.db);
    this.byDomain.clear();
    this.byName.clear();
    this.byStoredDomain.clear();
    this.keysOf.clear();
    this.byEmail.clear();
    this.contactsById.clear();
    this.contactsByAccount.clear();
    this.internal = internalDomainSet(await teamSettings(this.db));
    await this.db.accounts.each((account) => {
      if (!account.deleted) this.add(account);
    });
    await this.db.contacts.each((contact) => {
      if (!contact.deleted) this.addContact(contact);
    });
    this.lastSeq = top;
  }

  private addContact(contact: Contact) {
    for (const email of contact.emails) {
      const current = this.byEmail.get(email);
      this.byEmail.set(
        email,
        current === undefined ? contact.id : [...(typeof current === 'string' ? [current] : current), contact.id],
      );
    }
    this.contactsById.set(contact.id, {
      id: contact.id,
      emails: contact.emails,
      accountId: contact.accountId,
      createdAt: contact.createdAt,
    });
    if (contact.accountId) insert(this.contactsByAccount, contact.accountId, contact.id);
  }

  private removeContact(id: string) {
    const known = this.contactsById.get(id);
    if (known?.accountId) this.contactsByAccount.get(known.accountId)?.delete(id);
    for (const email of known?.emails ?? []) {
      const current = this.byEmail.get(email);
      const rest =
        current === undefined ? [] : (typeof current === 'string' ? [current] : current).filter((c) => c !== id);
      if (rest.length === 0) this.byEmail.delete(email);
      else this.byEmail.set(email, rest.length === 1 ? rest[0]! : rest);
    }
    this.contactsById.delete(id);
  }

  private add(account: Account) {
    const domains = [...new Set(account.domains.map(domainKey).filter((d): d is string => !!d))];
    const name = normalizeOrgName(account.name);
    const stored = [...new Set(account.domains)];
    for (const d of domains) insert(this.byDomain, d, account.id);
    for (const d of stored) insert(this.byStoredDomain, d, account.id);
    if (name) insert(this.byName, name, account.id);
    this.keysOf.set(account.id, { domains, stored, name });
  }

  private remove(id: string) {
    const keys = this.keysOf.get(id);
    if (!keys) return;
    for (const d of keys.domains) this.byDomain.get(d)?.delete(id);
    for (const d of keys.stored) this.byStoredDomain.get(d)?.delete(id);
    if (keys.name) this.byName.get(keys.name)?.delete(id);
    this.keysOf.delete(id);
  }
}

function insert(map: Map<string, Set<string>>, key: string, id: string) {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(id);
}
