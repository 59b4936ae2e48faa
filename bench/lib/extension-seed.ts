import type { Page } from 'playwright-core';
import type { AnyRecord } from '../../shared/records';

const STORES: Record<string, string> = {
  account: 'accounts',
  contact: 'contacts',
  task: 'tasks',
  note: 'notes',
  interaction: 'interactions',
  deal: 'deals',
  plan: 'plans',
  settings: 'settings',
};

/** Runs a function with one argument in an extension page: Playwright's `evaluate`, or puppeteer's (Firefox). */
export type EvaluateIn = (fn: (arg: never) => Promise<void>, arg: unknown) => Promise<unknown>;

/**
 * Writes records straight into the extension's IndexedDB from one of its pages (`extensionPage`),
 * in batches, plus a signed-in session to a server that is not running: the overlay then works
 * from the cache, which is what the benchmarks measure.
 */
export async function seedExtensionCache(
  extensionPage: Page | EvaluateIn,
  records: readonly AnyRecord[],
  memberId: string,
): Promise<void> {
  const evaluate: EvaluateIn =
    typeof extensionPage === 'function'
      ? extensionPage
      : (fn, arg) => extensionPage.evaluate(fn as never, arg as never);
  for (let i = 0; i < records.length; i += 5_000) {
    await evaluate(
      async ({ rows, stores }: { rows: { type: string }[]; stores: Record<string, string> }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('margin');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const tx = db.transaction([...new Set(rows.map((r) => stores[r.type]!))], 'readwrite');
        for (const row of rows) tx.objectStore(stores[row.type]!).put(row);
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { rows: records.slice(i, i + 5_000) as unknown as { type: string }[], stores: STORES },
    );
  }
  await evaluate(async (member: string) => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('margin');
      request.onsuccess = () => resolve(request.result);
    });
    const tx = db.transaction('meta', 'readwrite');
    tx.objectStore('meta').put({
      key: 'session',
      value: {
        team: { id: 'bench-team', name: 'Bench' },
        member: { id: member, name: 'Rep', email: null, role: 'owner' },
        serverUrl: 'http://127.0.0.1:9',
      },
    });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, memberId);
}
