import Dexie, { type Table } from 'dexie';
import type {
  Account,
  AnyRecord,
  Contact,
  Deal,
  Interaction,
  Note,
  Plan,
  PromptState,
  RecordOf,
  RecordType,
  Settings,
  Task,
} from '../../shared/records';
import { RECORD_TYPES } from '../../shared/records';
import type { Mutation, Rejection, WirePulledRow } from '../../shared/protocol';
import type { HlcClock } from '../../shared/hlc';
import type { MeResponse, TeamMember } from '../../shared/api';
import type { FactsColumns } from '../../shared/portfolio/facts-columns';
import type { MessageKey, MessageVars } from '../i18n';

/** A local write waiting for the server; removed only once the server has acknowledged its id. */
export type OutboxEntry = Mutation & { recordId: string; queuedAt: number };

/** Consecutive local writes made together (an import), queued as one row: see lib/outbox.ts. */
export interface OutboxBatch {
  /** The first mutation's id. */
  id: number;
  batch: OutboxEntry[];
  recordIds: string[];
  size: number;
  queuedAt: number;
}
export type OutboxRow = OutboxEntry | OutboxBatch;

/** A mutation the server refused for good, kept so the user can see what did not sync and why. */
export interface RejectedEntry {
  id: number;
  mutation: OutboxEntry;
  code: Rejection['code'];
  message: string;
  rejectedAt: number;
}

/**
 * A pulled row this version cannot read (a record type or shape it does not know, or a record that
 * fails its schema): kept as the server sent it, the latest per id, and applied once a later version
 * (or a later row) can read it. Never fails the page it came in.
 */
export interface HeldRow {
  id: string;
  type: string;
  seq: number;
  row: WirePulledRow;
  reason: string;
}

/** A failure nobody waited for, kept in the local diagnostics log (lib/diagnostics.ts). */
export interface DiagnosticEntry {
  id?: number;
  feature: string;
  message: string;
  at: number;
}

/** Identity of this browser profile as a sync client; created once, never in memory only. */
export interface ClientState {
  clientId: string;
  nextMutationId: number;
  clock: HlcClock;
}

export interface Session extends MeResponse {
  serverUrl: string;
}

/** Why the last sync failed: the error's code and message, and (for errors found in the extension) its words for the rep. */
export interface SyncError {
  code: string;
  message: string;
  key?: MessageKey;
  vars?: MessageVars;
}

export interface SyncStatus {
  lastSyncedAt: number | null;
  lastAttemptAt: number | null;
  error: SyncError | null;
  /** Failed rounds in a row; drives the backoff. */
  failures: number;
  syncing: boolean;
  /** Rows received and expected in the current pull, for a progress bar on a first sync. */
  progress: { received: number; total: number } | null;
}

/**
 * One entry per committed write (a local write, a pulled page): which records changed. Lets a page
 * keep derived state (the prompt engine) up to date without re-reading everything; pruned by the
 * background. `reset` means "re-read everything" (a rebuild after the server said reset).
 */
export interface ChangeEntry {
  seq?: number;
  ids: Partial<Record<RecordType, string[]>>;
  reset?: boolean;
}

export interface MetaValues {
  client: ClientState;
  session: Session;
  token: string;
  cursor: number;
  /** True while re-reading everything after the server said `reset`; kept with the cursor. */
  rebuilding: boolean;
  syncStatus: SyncStatus;
  /** Change entries below this seq were pruned: a reader that is further behind re-reads everything. */
  changesPrunedBelow: number;
  /**
   * Whose data the cache holds (set at sign-in, kept through a sign-out that keeps data): signing
   * into any other team or server forgets it first (background/session.ts).
   */
  cacheOwner: { teamId: string; serverUrl: string };
  /** The team's members, for owner and author names; refreshed by the background. */
  members: { list: TeamMember[]; fetchedAt: number };
  /** The portfolio page's facts as of a change-log seq (ui/portfolio-store.ts), so the next open draws at once. */
  portfolio: PortfolioSnapshot;
}

/** Derived from the cache, never synced: rebuilt whenever it is missing, of another version or team, or behind pruned changes. */
export interface PortfolioSnapshot {
  version: number;
  teamId: string;
  seq: number;
  /** The facts in columns (shared/portfolio/facts-columns.ts): read back several times faster than objects. */
  columns: FactsColumns;
}
export type MetaKey = keyof MetaValues;
export interface MetaRow<K extends MetaKey = MetaKey> {
  key: K;
  value: MetaValues[K];
}

/**
 * The record tables' indexes (the primary key first). Every one is read by a query: names for the
 * sorted lists, addresses and domains for lookups, subjects for a record's notes, tasks and
 * interactions, accounts for their people and plans.
 */
export const RECORD_STORES = {
  accounts: 'id, name, *domains',
  contacts: 'id, name, *emails, accountId',
  notes: 'id, subjectId',
  interactions: 'id, *subjectIds',
  tasks: 'id, subjectId',
  plans: 'id, accountId',
  settings: 'id',
  promptStates: 'id',
} as const;

export class MarginDB extends Dexie {
  accounts!: Table<Account, string>;
  contacts!: Table<Contact, string>;
  notes!: Table<Note, string>;
  interactions!: Table<Interaction, string>;
  tasks!: Table<Task, string>;
  plans!: Table<Plan, string>;
  settings!: Table<Settings, string>;
  promptStates!: Table<PromptState, string>;
  deals!: Table<Deal, string>;
  /** Read and trimmed through lib/outbox.ts, which knows both row shapes. */
  outbox!: Table<OutboxRow, number>;
  rejected!: Table<RejectedEntry, number>;
  held!: Table<HeldRow, string>;
  meta!: Table<MetaRow, string>;
  changes!: Table<ChangeEntry, number>;
  diagnostics!: Table<DiagnosticEntry, number>;

  constructor(name = 'margin', options: { relaxedDurability?: boolean } = {}) {
    // Relaxed durability skips a disk flush per commit. Safe for what the background writes (pulled
    // pages, acknowledgements: re-fetched or re-sent if lost, and still atomic); a person's own writes
    // happen in the extension pages, which keep the default.
    super(name, options.relaxedDurability ? { chromeTransactionDurability: 'relaxed' } : {});
    this.version(1).stores({
      accounts: 'id, name, *domains, tier, updatedAt',
      contacts: 'id, name, *emails, accountId, updatedAt',
      notes: 'id, subjectId, updatedAt',
      interactions: 'id, *subjectIds, at',
      tasks: 'id, subjectId, dueAt',
      plans: 'id, accountId',
      settings: 'id',
      outbox: 'id, recordId',
      rejected: 'id',
      meta: 'key',
    });
    // Prompt states (snoozed / done next steps); tasks by kind for visits and complaints.
    this.version(2).stores({
      promptStates: 'id, key',
      tasks: 'id, subjectId, dueAt, kind',
    });
    this.version(3).stores({ changes: '++seq' });
    // Only the indexes something reads by: each index is one more write per row, and a first sync writes 100,000 rows.
    this.version(4).stores(RECORD_STORES);
    // Batches of writes (imports) queue as one outbox row each, found by their records and counted by their size.
    this.version(5).stores({ outbox: 'id, recordId, *recordIds, size' });
    // Pulled rows this version cannot read yet (background/sync-engine.ts).
    this.version(6).stores({ held: 'id, type' });
    // The local diagnostics log (lib/diagnostics.ts): failures of work nobody waited for, last 50.
    this.version(7).stores({ diagnostics: '++id' });
    // Deals, found by their account, and the board's first cards by stage and close date (ui/pipeline-store.ts).
    this.version(8).stores({ deals: 'id, accountId, [status+pipelineId+stageId+closeDate]' });
  }

  tableFor(type: RecordType): Table<AnyRecord, string> {
    const tables: { [T in RecordType]: Table<RecordOf<T>, string> } = {
      account: this.accounts,
      contact: this.contacts,
      note: this.notes,
      interaction: this.interactions,
      task: this.tasks,
      plan: this.plans,
      settings: this.settings,
      promptState: this.promptStates,
      deal: this.deals,
    };
    return tables[type] as unknown as Table<AnyRecord, string>;
  }

  /** Every record type's table, from the one list of types: a new type cannot be left out of a transaction. */
  get recordTables() {
    return RECORD_TYPES.map((type) => this.tableFor(type));
  }

  async getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
    const row = await this.meta.get(key);
    return row?.value as MetaValues[K] | undefined;
  }

  async setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
    await this.meta.put({ key, value } as MetaRow);
  }
}

let pageDb: MarginDB | undefined;
let syncDb: MarginDB | undefined;

/** The extension pages' connection (side panel, options): a person's own writes, default durability. */
export function getDb(): MarginDB {
  pageDb ??= new MarginDB();
  return pageDb;
}

/** The background's connection to the same database, tuned for sync's bulk writes. */
export function getSyncDb(): MarginDB {
  syncDb ??= new MarginDB('margin', { relaxedDurability: true });
  return syncDb;
}
