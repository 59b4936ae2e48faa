import Dexie, { liveQuery, type Subscription } from 'dexie';
import { useEffect, useState } from 'react';
import { pipelinesOf } from '../../shared/deals';
import { pipeline as pipelineSchema, type Account, type Deal, type Pipeline, type Tier } from '../../shared/records';
import { teamSettings } from '../lib/team-settings';
import type { MarginDB } from '../lib/db';
import { latestSeq, summarizeChanges } from '../lib/change-log';
import { bestEffort } from '../lib/best-effort';

/** What the board needs of an account: its name and tier. */
export interface AccountSummary {
  id: string;
  name: string;
  tier: Tier;
}

export interface PipelineSnapshot {
  deals: readonly Deal[];
  accounts: ReadonlyMap<string, AccountSummary>;
  /**
   * False while only the first cards of each stage are here (the board's first paint reads those
   * through an index); totals, filters and counts wait for every deal.
   */
  complete: boolean;
}

/** Resolves once the browser has painted the next frame (at once where there are no frames). */
function afterPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

const summary = (a: Account): AccountSummary => ({ id: a.id, name: a.name, tier: a.tier });
/** Past this many changed records (a first sync), reading everything again is cheaper. */
const RELOAD_ABOVE = 2_000;

/**
 * The pipeline page's deals in memory: the first cards of one pipeline at once (an index read of a
 * few hundred deals), then every deal and account, then only what the change log names (a move
 * reads back one deal, not 20,000). The same approach as the agenda (lib/agenda-store.ts).
 */
export class PipelineStore {
  private deals = new Map<string, Deal>();
  private accounts = new Map<string, AccountSummary>();
  private complete = false;
  private hasData = false;
  private started = false;
  private lastSeq = 0;
  private subscription: Subscription | null = null;
  private work: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(snapshot: PipelineSnapshot) => void>();
  private closed = false;

  constructor(
    private readonly db: MarginDB,
    private readonly firstCards: number,
  ) {}

  subscribe(listener: (snapshot: PipelineSnapshot) => void): () => void {
    this.listeners.add(listener);
    if (!this.started) this.start();
    else if (this.hasData) listener(this.snapshot());
    return () => {
      this.listeners.delete(listener);
      if (!this.listeners.size) this.stop();
    };
  }

  /**
   * Starts reading (the page's entry calls this before React mounts, so the first cards are being
   * read while the page's code starts): the team's first pipeline, or `pipeline`.
   */
  start(pipeline?: Pipeline) {
    if (this.started) return;
    this.started = true;
    this.closed = false;
    this.enqueue(async () => {
      // The pipeline shown last time (kept in this page's storage) saves reading the settings first.
      const first = pipeline ?? rememberedPipeline() ?? pipelinesOf(await teamSettings(this.db))[0];
      if (first && !this.complete) {
        await this.readFirstCards(first);
        // Reading every deal keeps the main thread busy for a while: let the first cards paint first.
        await afterPaint();
      }
      await this.reload();
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

  private enqueue(task: () => Promise<void>) {
    // A failed read is recorded (Options → Diagnostics); the next change or page open reads again.
    this.work = this.work.then(() => bestEffort('pipeline.store', task));
  }

  private snapshot(): PipelineSnapshot {
    return { deals: [...this.deals.values()], accounts: this.accounts, complete: this.complete };
  }

  private emit() {
    if (this.closed) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }

  /** The open deals closing soonest in each stage of one pipeline, and their accounts: enough to draw the board. */
  private async readFirstCards(pipeline: Pipeline) {
    const index = this.db.deals.where('[status+pipelineId+stageId+closeDate]');
    const perStage = await Promise.all(
      pipeline.stages.map(async (s) => {
        const range = index.between(
          ['open', pipeline.id, s.id, Dexie.minKey],
          ['open', pipeline.id, s.id, Dexie.maxKey],
        );
        // One getAll of the first cards; a cursor only where deleted deals were among them.
        const first = await range.limit(this.firstCards).toArray();
        if (!first.some((d) => d.deleted)) return first;
        return range
          .filter((d) => !d.deleted)
          .limit(this.firstCards)
          .toArray();
      }),
    );
    const deals = perStage.flat();
    const accounts = await this.db.accounts.bulkGet([...new Set(deals.map((d) => d.accountId))]);
    // Marks for the benchmark (bench/deals.ts) and a profile: when each phase's data was here.
    performance.mark('margin:first-cards-read');
    if (this.complete) return;
    this.hasData = true;
    for (const d of deals) this.deals.set(d.id, d);
    for (const a of accounts) if (a && !a.deleted) this.accounts.set(a.id, summary(a));
    this.emit();
  }

  private async reload() {
    const seq = await latestSeq(this.db);
    const [deals, accounts] = await Promise.all([this.db.deals.toArray(), this.db.accounts.toArray()]);
    this.deals = new Map(deals.filter((d) => !d.deleted).map((d) => [d.id, d]));
    this.accounts = new Map(accounts.filter((a) => !a.deleted).map((a) => [a.id, summary(a)]));
    this.complete = true;
    this.hasData = true;
    performance.mark('margin:all-deals-read');
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.emit();
  }

  private async catchUp(entries: Parameters<typeof summarizeChanges>[1]) {
    const changes = await summarizeChanges(this.db, entries, this.lastSeq, RELOAD_ABOVE);
    if (!changes) return;
    if (changes.reread) return this.reload();
    const dealIds = changes.ids('deal');
    const accountIds = changes.ids('account');
    if (dealIds.length || accountIds.length) {
      const [deals, accounts] = await Promise.all([
        dealIds.length ? this.db.deals.bulkGet(dealIds) : [],
        accountIds.length ? this.db.accounts.bulkGet(accountIds) : [],
      ]);
      dealIds.forEach((id, i) => {
        const d = deals[i];
        if (d && !d.deleted) this.deals.set(id, d);
        else this.deals.delete(id);
      });
      accountIds.forEach((id, i) => {
        const a = accounts[i];
        if (a && !a.deleted) this.accounts.set(id, summary(a));
        else this.accounts.delete(id);
      });
    }
    this.lastSeq = changes.seq;
    if (dealIds.length || accountIds.length) this.emit();
  }
}

const REMEMBERED = 'margin.pipeline';
/** The pipeline the board showed last, as this browser remembers it (a hint only: the settings decide). */
function rememberedPipeline(): Pipeline | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(REMEMBERED);
    const parsed = raw ? pipelineSchema.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
export function rememberPipeline(pipeline: Pipeline): void {
  try {
    globalThis.localStorage?.setItem(REMEMBERED, JSON.stringify(pipeline));
  } catch {
    // Storage full or off: the next open reads the settings first, nothing else changes.
  }
}

const stores = new WeakMap<MarginDB, PipelineStore>();
/** The page's one store over `db` (made on first use). */
export function pipelineStore(db: MarginDB, firstCards: number): PipelineStore {
  let store = stores.get(db);
  if (!store) {
    store = new PipelineStore(db, firstCards);
    stores.set(db, store);
  }
  return store;
}

/** The pipeline page's deals (first the visible cards, then all), kept current; undefined while loading. */
export function usePipeline(db: MarginDB, firstCards: number): PipelineSnapshot | undefined {
  const [snapshot, setSnapshot] = useState<PipelineSnapshot>();
  useEffect(() => pipelineStore(db, firstCards).subscribe(setSnapshot), [db, firstCards]);
  return snapshot;
}
