import { z } from 'zod';
import { addPhoneTokens, addTokens, findMatch, needsTextCheck, queryTerms, snippet } from '../../shared/search-text';
import type { Account, Contact, Note, Tier } from '../../shared/records';
import type { Table } from 'dexie';
import type { MarginDB } from '../lib/db';
import { TokenIndex, type FieldWeight, type WeightedTokens } from './token-index';
import { latestSeq, readChanges } from '../lib/change-log';

export const searchRequest = z.object({
  query: z.string().max(500),
  /** Results per kind. */
  limit: z.number().int().min(1).max(50).default(6),
});
export type SearchRequest = z.input<typeof searchRequest>;

export interface AccountHit {
  id: string;
  name: string;
  tier: Tier;
  domain: string | null;
}
export interface ContactHit {
  id: string;
  name: string;
  email: string | null;
  title: string;
  accountName: string | null;
}
export interface NoteHit {
  id: string;
  subject: { kind: 'account' | 'contact'; id: string; name: string } | null;
  snippet: string;
  updatedAt: number;
}
export interface SearchResults {
  query: string;
  accounts: AccountHit[];
  contacts: ContactHit[];
  notes: NoteHit[];
  /** While the notes are still being indexed (the first search after the service worker started): how far. */
  notesIndexing: { done: number; total: number } | null;
}

/** Past this many changed records (a first sync), reading them all once is cheaper than one by one. */
const RELOAD_ABOVE = 20_000;

/**
 * Search over accounts (names, domains, tags, description), contacts (names, addresses, phones,
 * titles, tags) and note text, in memory in the background, so the side panel and the popup get
 * results per keystroke without scanning IndexedDB. Built on first use from IndexedDB, then kept
 * current from the change log (`db.changes`), like the page index; only what came from this
 * team's sync is there (other members' private notes never reach this browser).
 */
export class SearchIndex {
  private accounts = new TokenIndex();
  private contacts = new TokenIndex();
  /** Notes are long: one-letter words match whole tokens, and a prefix expands to at most 200,000 postings. */
  private notes = new TokenIndex(200_000, 2);
  /** Every live account's and contact's name, so a keystroke's results are named without another read. */
  private nameOf = new Map<string, { kind: 'account' | 'contact'; name: string }>();
  private lastSeq = -1;
  private work: Promise<void> = Promise.resolve();
  /** Non-null while the notes are read in the background after a (re)build. */
  private notesProgress: { done: number; total: number } | null = null;
  private notesLoading: Promise<void> = Promise.resolve();
  /** Notes changed while they were being read: applied once the reading is done. */
  private pendingNotes = new Set<string>();
  private build = 0;

  constructor(private readonly db: MarginDB) {}

  /** Brings the index up to date with the database (cheap when nothing changed). */
  current(): Promise<void> {
    this.work = this.work.then(
      () => this.catchUp(),
      () => this.catchUp(),
    );
    return this.work;
  }

  /** Resolves once everything, notes included, is in the index. */
  async settled(): Promise<void> {
    await this.current();
    await this.notesLoading;
    await this.work;
  }

  async search(request: SearchRequest): Promise<SearchResults> {
    const { query, limit } = searchRequest.parse(request);
    if (this.lastSeq < 0) {
      await this.current();
      return this.lookup(query, limit);
    }
    // Per keystroke: the answer from the index as it stands, while the change log is read beside it;
    // asked again only when catching up changed something (a keystroke then waits one read, not two).
    const [seq, build] = [this.lastSeq, this.build];
    const catchingUp = this.current();
    const answer = this.lookup(query, limit);
    await catchingUp;
    if (this.lastSeq === seq && this.build === build) return answer;
    answer.catch(() => undefined);
    return this.lookup(query, limit);
  }

  private async lookup(query: string, limit: number): Promise<SearchResults> {
    const terms = queryTerms(query);
    const notesIndexing = this.notesProgress ? { ...this.notesProgress } : null;
    const empty: SearchResults = { query, accounts: [], contacts: [], notes: [], notesIndexing };
    if (!terms.length) return empty;
    const check = needsTextCheck(query);
    const want = check ? limit * 3 : limit;
    const [accounts, contacts, notes] = await Promise.all([
      this.db.accounts.bulkGet(this.accounts.search(terms, want)),
      this.db.contacts.bulkGet(this.contacts.search(terms, want)),
      this.db.notes.bulkGet(this.notes.search(terms, want)),
    ]);
    const keep = <T>(records: (T | undefined)[], text: (r: T) => string) =>
      records
        .filter(
          (r): r is T => !!r && !(r as { deleted?: boolean }).deleted && (!check || findMatch(text(r), query) !== null),
        )
        .slice(0, limit);
    const foundAccounts = keep(accounts, accountText);
    const foundContacts = keep(contacts, contactText);
    const foundNotes = keep(notes, noteText);
    const names = this.names([
      ...foundContacts.flatMap((c) => (c.accountId ? [c.accountId] : [])),
      ...foundNotes.map((n) => n.subjectId),
    ]);
    return {
      query,
      notesIndexing,
      accounts: foundAccounts.map((a) => ({ id: a.id, name: a.name, tier: a.tier, domain: a.domains[0] ?? null })),
      contacts: foundContacts.map((c) => ({
        id: c.id,
        name: c.name,
        email: c.emails[0] ?? null,
        title: c.title,
        accountName: c.accountId ? (names.get(c.accountId)?.name ?? null) : null,
      })),
      notes: foundNotes.map((n) => ({
        id: n.id,
        subject: names.get(n.subjectId) ?? null,
        snippet: snippet(n.body, query),
        updatedAt: n.updatedAt,
      })),
    };
  }

  /** The names results show beside a hit (a contact's account, a note's subject), from memory. */
  private names(ids: string[]): Map<string, { kind: 'account' | 'contact'; id: string; name: string }> {
    const names = new Map<string, { kind: 'account' | 'contact'; id: string; name: string }>();
    for (const id of ids) {
      const known = this.nameOf.get(id);
      if (known) names.set(id, { ...known, id });
    }
    return names;
  }

  private async catchUp() {
    if (this.lastSeq < 0) return this.reload();
    const changes = await readChanges(this.db, this.lastSeq, RELOAD_ABOVE);
    if (!changes) return;
    const compact = this.accounts.wantsCompaction || this.contacts.wantsCompaction || this.notes.wantsCompaction;
    if (changes.reread || compact) return this.reload();
    const [accountIds, contactIds, noteIds] = [changes.ids('account'), changes.ids('contact'), changes.ids('note')];
    this.lastSeq = changes.seq;
    // While the notes are still being read, changed ones wait for the reading to finish (see loadNotes).
    const loading = !!this.notesProgress;
    const [accounts, contacts, notes] = await Promise.all([
      this.db.accounts.bulkGet(accountIds),
      this.db.contacts.bulkGet(contactIds),
      loading ? [] : this.db.notes.bulkGet(noteIds),
    ]);
    accountIds.forEach((id, i) => {
      this.putAccount(id, accounts[i]);
    });
    contactIds.forEach((id, i) => {
      this.putContact(id, contacts[i]);
    });
    if (loading) for (const id of noteIds) this.pendingNotes.add(id);
    else
      noteIds.forEach((id, i) => {
        this.putNote(id, notes[i]);
      });
  }

  /**
   * Reads everything again. Accounts and contacts (small) are read before the first answer; the
   * notes (100,000 of them take seconds) are read after it, in the background, so a search
   * answers with people at once and with notes as they arrive (`notesIndexing` says how far).
   */
  private async reload() {
    const build = ++this.build;
    const top = await latestSeq(this.db);
    this.accounts.clear();
    this.contacts.clear();
    this.nameOf.clear();
    this.notes.clear();
    await inChunks(this.db.accounts, (rows) => {
      for (const a of rows) this.putAccount(a.id, a);
      return true;
    });
    await inChunks(this.db.contacts, (rows) => {
      for (const c of rows) this.putContact(c.id, c);
      return true;
    });
    this.lastSeq = top;
    this.pendingNotes.clear();
    this.notesProgress = { done: 0, total: await this.db.notes.count() };
    this.notesLoading = this.loadNotes(build);
  }

  private async loadNotes(build: number) {
    try {
      await inChunks(this.db.notes, (rows) => {
        if (build !== this.build) return false;
        for (const n of rows) this.putNote(n.id, n);
        if (this.notesProgress) this.notesProgress.done += rows.length;
        return true;
      });
    } catch (error) {
      console.warn('[margin] could not index the notes; trying again on the next search', error);
      if (build === this.build) this.lastSeq = -1;
    }
    // Notes changed meanwhile, in turn with the change log's readers (never overtaken by an older read).
    this.work = this.work.then(async () => {
      if (build !== this.build) return;
      const ids = [...this.pendingNotes];
      this.pendingNotes.clear();
      const notes = await this.db.notes.bulkGet(ids);
      ids.forEach((id, i) => {
        this.putNote(id, notes[i]);
      });
      this.notesProgress = null;
    });
    await this.work;
  }

  private putAccount(id: string, account: Account | undefined) {
    if (!account || account.deleted) {
      this.nameOf.delete(id);
      return this.accounts.remove(id);
    }
    this.nameOf.set(id, { kind: 'account', name: account.name });
    const tokens: WeightedTokens = new Map();
    weigh(tokens, 1, (s) => {
      addTokens(account.description, s);
      for (const tag of account.tags) addTokens(tag, s);
    });
    weigh(tokens, 2, (s) => {
      for (const d of account.domains) addTokens(d, s);
    });
    weigh(tokens, 3, (s) => addTokens(account.name, s));
    this.accounts.put(id, account.updatedAt, tokens);
  }

  private putContact(id: string, contact: Contact | undefined) {
    if (!contact || contact.deleted) {
      this.nameOf.delete(id);
      return this.contacts.remove(id);
    }
    this.nameOf.set(id, { kind: 'contact', name: contact.name });
    const tokens: WeightedTokens = new Map();
    weigh(tokens, 1, (s) => {
      addTokens(contact.title, s);
      for (const tag of contact.tags) addTokens(tag, s);
    });
    weigh(tokens, 2, (s) => {
      for (const email of contact.emails) addTokens(email, s);
      for (const phone of contact.phones) addPhoneTokens(phone, s);
    });
    weigh(tokens, 3, (s) => addTokens(contact.name, s));
    this.contacts.put(id, contact.updatedAt, tokens);
  }

  private putNote(id: string, note: Note | undefined) {
    if (!note || note.deleted) return this.notes.remove(id);
    const tokens: WeightedTokens = new Map();
    weigh(tokens, 1, (s) => addTokens(noteText(note), s));
    this.notes.put(id, note.updatedAt, tokens);
  }
}

/**
 * Reads a whole table a few thousand rows at a time (one `getAll` each, far quicker than a cursor
 * step per row), so other messages (a page's lookup) are answered between chunks; `take` returns false to stop.
 */
async function inChunks<T extends { id: string }>(
  table: Table<T, string>,
  take: (rows: T[]) => boolean,
  size = 2_000,
): Promise<void> {
  let rows = await table.orderBy(':id').limit(size).toArray();
  while (rows.length) {
    if (take(rows) === false) return;
    if (rows.length < size) return;
    rows = await table
      .where(':id')
      .above(rows[rows.length - 1]!.id)
      .limit(size)
      .toArray();
  }
}

/** Adds the tokens `fill` produces at `weight`; heavier fields are added last and win. */
function weigh(tokens: WeightedTokens, weight: FieldWeight, fill: (into: Set<string>) => void) {
  const found = new Set<string>();
  fill(found);
  for (const token of found) tokens.set(token, weight);
}

function accountText(a: Account): string {
  return [a.name, ...a.domains, a.description, ...a.tags].join('\n');
}
function contactText(c: Contact): string {
  return [c.name, ...c.emails, ...c.phones, c.title, ...c.tags].join('\n');
}
function noteText(n: Note): string {
  return n.sourceTitle ? `${n.body}\n${n.sourceTitle}` : n.body;
}
