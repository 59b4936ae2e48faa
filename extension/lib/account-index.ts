import { domainKey } from '../../shared/normalize';
import { normalizeOrgName } from '../../shared/org-name';
import type { Account } from '../../shared/records';
import type { ChangeEntry, MarginDB } from './db';

/** Past this many changed accounts (a first sync), reading them all once is cheaper than one by one. */
const RELOAD_ABOVE = 2_000;

/**
 * Accounts by domain key and by normalised name, in memory, so recognising a page is a few map
 * lookups however many accounts the team has. Built once from IndexedDB, then kept current from
 * the change log (`db.changes`), like the agenda store; a reset or a reader left behind by
 * pruning rebuilds it.
 */
export class AccountIndex {
  private byDomain = new Map<string, Set<string>>();
  private byName = new Map<string, Set<string>>();
  private keysOf = new Map<string, { domains: string[]; name: string }>();
  private lastSeq = -1;
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly db: MarginDB) {}

  /** Brings the index up to date with the database (cheap when nothing changed). */
  current(): Promise<void> {
    this.work = this.work.then(() => this.catchUp(), () => this.catchUp());
    return this.work;
  }

  accountIdsForDomains(keys: readonly string[]): string[] {
    return [...new Set(keys.flatMap((k) => [...(this.byDomain.get(k) ?? [])]))];
  }

  accountIdsForNames(keys: readonly string[]): string[] {
    return [...new Set(keys.flatMap((k) => [...(this.byName.get(k) ?? [])]))];
  }

  get size(): number {
    return this.keysOf.size;
  }

  private async catchUp() {
    if (this.lastSeq < 0) return this.reload();
    const entries = await this.db.changes.where('seq').above(this.lastSeq).toArray();
    if (!entries.length) return;
    const prunedBelow = (await this.db.getMeta('changesPrunedBelow')) ?? 0;
    const ids = new Set(entries.flatMap((e: ChangeEntry) => e.ids.account ?? []));
    if (entries.some((e) => e.reset) || this.lastSeq + 1 < prunedBelow || ids.size > RELOAD_ABOVE) return this.reload();
    this.lastSeq = Math.max(...entries.map((e) => e.seq ?? 0), this.lastSeq);
    if (!ids.size) return;
    const accounts = await this.db.accounts.bulkGet([...ids]);
    [...ids].forEach((id, i) => {
      this.remove(id);
      const account = accounts[i];
      if (account && !account.deleted) this.add(account);
    });
  }

  private async reload() {
    const top = (await this.db.changes.orderBy('seq').last())?.seq ?? 0;
    this.byDomain.clear();
    this.byName.clear();
    this.keysOf.clear();
    await this.db.accounts.each((account) => {
      if (!account.deleted) this.add(account);
    });
    this.lastSeq = top;
  }

  private add(account: Account) {
    const domains = [...new Set(account.domains.map(domainKey).filter((d): d is string => !!d))];
    const name = normalizeOrgName(account.name);
    for (const d of domains) insert(this.byDomain, d, account.id);
    if (name) insert(this.byName, name, account.id);
    this.keysOf.set(account.id, { domains, name });
  }

  private remove(id: string) {
    const keys = this.keysOf.get(id);
    if (!keys) return;
    for (const d of keys.domains) this.byDomain.get(d)?.delete(id);
    if (keys.name) this.byName.get(keys.name)?.delete(id);
    this.keysOf.delete(id);
  }
}

function insert(map: Map<string, Set<string>>, key: string, id: string) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}
