import { liveQuery, type Subscription } from 'dexie';
import { PromptEngine, type Prompt } from '../../shared/prompts';
import type { AnyRecord, RecordType } from '../../shared/records';
import type { ChangeEntry, MarginDB } from './db';
import { loadPromptData, localTimeZone } from './prompt-data';
import { teamSettings } from './team-settings';
import { latestSeq, summarizeChanges } from './change-log';

const CLOCK_TICK_MS = 60_000;
/** Past this many changed records (a first sync, say), reading every table once is cheaper than record by record. */
const RELOAD_ABOVE = 2_000;

/**
 * Today's prompts for one rep, kept current in this page (or the background) by the incremental
 * prompt engine: everything is read once, then only the records named in the change log
 * (`db.changes`, written in the same transaction as each local write and pulled page) are
 * re-read and applied. A reset, or a reader left behind by pruning, re-reads everything.
 */
export class AgendaStore {
  private engine: PromptEngine | null = null;
  private lastSeq = 0;
  private subscription: Subscription | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private work: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(prompts: Prompt[]) => void>();
  private readonly ready: Promise<void>;

  constructor(
    private readonly db: MarginDB,
    private readonly memberId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.ready = this.enqueue(() => this.reload());
  }

  /** Follows the change log live only while someone is watching (a page); otherwise `prompts()` catches up when asked. */
  private watch() {
    if (this.subscription) return;
    this.subscription = liveQuery(() => this.db.changes.where('seq').above(this.lastSeq).toArray()).subscribe({
      next: (entries) => void this.enqueue(() => this.catchUp(entries)),
      error: () => void this.enqueue(() => this.reload()),
    });
    this.timer = setInterval(() => {
      this.engine?.setClock(this.clock());
      this.emit();
    }, CLOCK_TICK_MS);
  }

  private unwatch() {
    this.subscription?.unsubscribe();
    this.subscription = null;
    clearInterval(this.timer);
  }

  private clock() {
    return { now: this.now(), timeZone: localTimeZone(), memberId: this.memberId };
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.work = this.work.then(task, task);
    return this.work;
  }

  private async reload() {
    const top = await latestSeq(this.db);
    this.engine = new PromptEngine(await loadPromptData(this.db), this.clock());
    this.lastSeq = Math.max(this.lastSeq, top);
    this.emit();
  }

  private async catchUp(entries: ChangeEntry[]) {
    if (!this.engine) return;
    const changes = await summarizeChanges(this.db, entries, this.lastSeq, RELOAD_ABOVE);
    if (!changes) return;
    if (changes.reread) return this.reload();
    this.engine.setClock(this.clock());
    for (const entry of changes.entries) {
      for (const [type, ids] of Object.entries(entry.ids) as [RecordType, string[]][]) {
        if (type === 'settings') {
          const settings = await teamSettings(this.db);
          if (settings) this.engine.apply(settings);
          else return this.reload();
          continue;
        }
        const records = await this.db.tableFor(type).bulkGet(ids);
        records.forEach((record: AnyRecord | undefined, i) => {
          if (record) this.engine!.apply(record);
          else this.engine!.remove(type, ids[i]!);
        });
      }
      this.lastSeq = entry.seq!;
    }
    this.emit();
  }

  private emit() {
    if (!this.engine) return;
    const prompts = this.engine.prompts();
    for (const listener of this.listeners) listener(prompts);
  }

  /** The current prompts: caught up with the change log and the clock first. */
  async prompts(): Promise<Prompt[]> {
    await this.ready;
    await this.enqueue(async () => {
      this.engine?.setClock(this.clock());
      await this.catchUp(await this.db.changes.where('seq').above(this.lastSeq).toArray());
    });
    return this.engine?.prompts() ?? [];
  }

  subscribe(listener: (prompts: Prompt[]) => void): () => void {
    this.listeners.add(listener);
    this.watch();
    if (this.engine) listener(this.engine.prompts());
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.unwatch();
    };
  }

  close() {
    this.unwatch();
    this.listeners.clear();
  }
}

const stores = new Map<string, AgendaStore>();

/** One store per database connection and rep in this context. */
export function agendaStore(db: MarginDB, memberId: string): AgendaStore {
  const key = `${db.name}\u0000${memberId}`;
  let store = stores.get(key);
  if (!store) {
    store = new AgendaStore(db, memberId);
    stores.set(key, store);
  }
  return store;
}

/** Keeps the change log short: entries far behind every reader are dropped (a late reader re-reads everything). */
export async function pruneChanges(db: MarginDB, keep = 2_000): Promise<void> {
  const last = await latestSeq(db);
  if (last <= keep * 2) return;
  const below = last - keep;
  await db.transaction('rw', [db.changes, db.meta], async () => {
    await db.changes.where('seq').below(below).delete();
    await db.setMeta('changesPrunedBelow', below);
  });
}
