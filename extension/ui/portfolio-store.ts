import { liveQuery, type Subscription } from 'dexie';
import { useEffect, useState } from 'react';
import { buildFacts, withAccount, type AccountFacts } from '../../shared/portfolio/facts';
import { packFacts, unpackFacts, type FactsColumns } from '../../shared/portfolio/facts-columns';
import type { Settings } from '../../shared/records';
import { teamSettings } from '../lib/team-settings';
import type { MarginDB, PortfolioSnapshot } from '../lib/db';
import { latestSeq, summarizeChanges } from '../lib/change-log';
import { bestEffort } from '../lib/best-effort';

/** 2: the facts in columns. */
export const PORTFOLIO_SNAPSHOT_VERSION = 2;

export interface PortfolioState {
  facts: readonly AccountFacts[];
  settings: Settings | undefined;
  /**
   * 'saved': drawn from the copy this browser saved, while the changes since are read in;
   * 'current': up to date with the cache; 'reading': the first read ever (nothing to show yet).
   */
  status: 'reading' | 'saved' | 'current';
}

/** Resolves once the browser has painted the next frame (at once where there are no frames). */
function afterPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function unpackSaved(columns: FactsColumns | undefined): AccountFacts[] | null {
  try {
    return columns ? unpackFacts(columns) : null;
  } catch {
    return null;
  }
}

/** Past this many changed accounts, reading everything again is cheaper than patching. */
const PATCH_ABOVE = 2_000;

/**
 * The portfolio page's facts (shared/portfolio/facts.ts) in memory, from three sources in turn:
 * the copy this browser saved last time (one read, so the charts draw at once with 200,000
 * interactions cached), then the changes since (an owner, tier or review date patched in place;
 * anything else read again in full), then the change log as it grows. Every full read is saved
 * for the next open.
 */
export class PortfolioStore {
  private facts: AccountFacts[] = [];
  private settings: Settings | undefined;
  private status: PortfolioState['status'] = 'reading';
  private hasData = false;
  private started = false;
  private lastSeq = 0;
  private subscription: Subscription | null = null;
  private work: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(state: PortfolioState) => void>();
  private closed = false;

  constructor(
    private readonly db: MarginDB,
    private readonly teamId: () => Promise<string | undefined>,
  ) {}

  subscribe(listener: (state: PortfolioState) => void): () => void {
    this.listeners.add(listener);
    if (!this.started) this.start();
    else if (this.hasData) listener(this.state());
    return () => {
      this.listeners.delete(listener);
      if (!this.listeners.size) this.stop();
    };
  }

  /** Starts reading; the page's entry calls it before React mounts. */
  start() {
    if (this.started) return;
    this.started = true;
    this.closed = false;
    this.enqueue(async () => {
      const [saved, settings, team, seq, prunedBelow] = await Promise.all([
        this.db.getMeta('portfolio'),
        teamSettings(this.db),
        this.teamId(),
        latestSeq(this.db),
        this.db.getMeta('changesPrunedBelow'),
      ]);
      this.settings = settings;
      const usable =
        saved &&
        saved.version === PORTFOLIO_SNAPSHOT_VERSION &&
        saved.teamId === team &&
        saved.seq <= seq &&
        saved.seq + 1 >= (prunedBelow ?? 0);
      // A copy that does not unpack (damaged, or from another build) is read again from the records.
      const facts = usable ? unpackSaved(saved.columns) : null;
      if (usable && facts) {
        this.facts = facts;
        this.lastSeq = saved.seq;
        this.status = saved.seq === seq ? 'current' : 'saved';
        this.hasData = true;
        performance.mark('margin:portfolio-facts-read');
        this.emit();
        if (saved.seq < seq) {
          await afterPaint();
          await this.catchUp(await this.db.changes.where('seq').above(saved.seq).toArray());
        }
      } else {
        this.emit();
        await this.reload();
      }
      this.subscription = liveQuery(() => this.db.changes.where('seq').above(this.lastSeq).toArray()).subscribe({
        next: (entries) => this.enqueue(() => this.catchUp(entries)),
        error: () => this.enqueue(() => this.reload()),
      });
    });
  }

  private stop() {
    this.closed = true;
    this.started = false;
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  /** Waits for the work queued so far (tests). */
  idle(): Promise<void> {
    return this.work;
  }

  private enqueue(task: () => Promise<void>) {
    // A failed read is recorded (Options → Diagnostics); the next change or page open reads again.
    this.work = this.work.then(() => bestEffort('portfolio.store', task));
  }

  private state(): PortfolioState {
    return { facts: this.facts, settings: this.settings, status: this.status };
  }

  private emit() {
    if (this.closed) return;
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }

  private async reload() {
    const seq = await latestSeq(this.db);
    const [accounts, contacts, interactions, plans, deals, settings, teamId] = await Promise.all([
      this.db.accounts.toArray(),
      this.db.contacts.toArray(),
      this.db.interactions.toArray(),
      this.db.plans.toArray(),
      this.db.deals.toArray(),
      teamSettings(this.db),
      this.teamId(),
    ]);
    this.settings = settings;
    this.facts = buildFacts({ accounts, contacts, interactions, plans, deals, settings });
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.status = 'current';
    this.hasData = true;
    this.emit();
    await afterPaint();
    if (teamId) await this.save(teamId);
  }

  private async save(teamId: string) {
    const snapshot: PortfolioSnapshot = {
      version: PORTFOLIO_SNAPSHOT_VERSION,
      teamId,
      seq: this.lastSeq,
      columns: packFacts(this.facts),
    };
    await this.db.setMeta('portfolio', snapshot);
  }

  private async catchUp(entries: Parameters<typeof summarizeChanges>[1]) {
    const changes = await summarizeChanges(this.db, entries, this.lastSeq, PATCH_ABOVE);
    if (!changes) return;
    const others = (['contact', 'interaction', 'plan', 'deal', 'settings'] as const).some(
      (type) => changes.ids(type).length > 0,
    );
    if (changes.reread || others) return this.reload();
    const accountIds = changes.ids('account');
    if (accountIds.length) {
      // An owner, a tier, a review date: the account's own fields, patched in place.
      const accounts = await this.db.accounts.bulkGet(accountIds);
      const scorecard = this.settings?.scorecard ?? [];
      const at = new Map(this.facts.map((f, i) => [f.id, i]));
      // A new account may come after its people and their interactions (sync pages): read it all.
      if (accountIds.some((id, i) => !at.has(id) && accounts[i] && !accounts[i].deleted)) return this.reload();
      const next = [...this.facts];
      const gone = new Set<string>();
      accountIds.forEach((id, i) => {
        const a = accounts[i];
        const where = at.get(id);
        if (!a || a.deleted) gone.add(id);
        else if (where !== undefined) next[where] = withAccount(next[where]!, a, scorecard);
      });
      this.facts = gone.size ? next.filter((f) => !gone.has(f.id)) : next;
    }
    this.lastSeq = changes.seq;
    this.status = 'current';
    this.emit();
    const teamId = await this.teamId();
    if (teamId) await this.save(teamId);
  }
}

const stores = new WeakMap<MarginDB, PortfolioStore>();
/** The page's one store over `db` (made on first use). */
export function portfolioStore(db: MarginDB): PortfolioStore {
  let store = stores.get(db);
  if (!store) {
    store = new PortfolioStore(db, async () => (await db.getMeta('session'))?.team.id);
    stores.set(db, store);
  }
  return store;
}

/** The portfolio's facts, kept current; undefined until the first are read. */
export function usePortfolio(db: MarginDB): PortfolioState | undefined {
  const [state, setState] = useState<PortfolioState>();
  useEffect(() => portfolioStore(db).subscribe(setState), [db]);
  return state;
}
