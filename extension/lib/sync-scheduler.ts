import type { MarginDB, SyncStatus } from './db';
import { ServerError, syncApi } from './api-client';
import { syncOnce } from './sync-engine';

const IDLE_STATUS: SyncStatus = { lastSyncedAt: null, lastAttemptAt: null, error: null, syncing: false, progress: null };
const LOCAL_WRITE_DEBOUNCE_MS = 400;

/**
 * Runs sync rounds one at a time (a Web Lock, so two wake-ups of the worker never overlap),
 * debounced after local writes. Everything it needs is in IndexedDB; nothing lives only in memory.
 */
export function createSyncScheduler(db: MarginDB) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<SyncStatus> | undefined;

  async function setStatus(patch: Partial<SyncStatus>): Promise<SyncStatus> {
    const current = (await db.getMeta('syncStatus')) ?? IDLE_STATUS;
    const next = { ...current, ...patch };
    await db.setMeta('syncStatus', next);
    return next;
  }

  async function round(): Promise<SyncStatus> {
    const [session, token] = await Promise.all([db.getMeta('session'), db.getMeta('token')]);
    if (!session || !token) return setStatus({ syncing: false, error: null, progress: null });
    await setStatus({ syncing: true, lastAttemptAt: Date.now() });
    try {
      await syncOnce(db, syncApi(session.serverUrl, token), {
        onProgress: (received) => void setStatus({ progress: { received } }),
      });
      return await setStatus({ syncing: false, error: null, lastSyncedAt: Date.now(), progress: null });
    } catch (error) {
      const info = error instanceof ServerError ? { code: error.code, message: error.message } : { code: 'internal', message: String(error) };
      return await setStatus({ syncing: false, error: info, progress: null });
    }
  }

  function run(): Promise<SyncStatus> {
    running ??= (async () => {
      try {
        const locks = (globalThis.navigator as Navigator | undefined)?.locks;
        return locks ? await locks.request('margin-sync', round) : await round();
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  return {
    /** Sync now; if a round is running, wait for it and run once more so the latest writes go out. */
    async syncNow(): Promise<SyncStatus> {
      if (running) await running;
      return run();
    },
    soon(delay = LOCAL_WRITE_DEBOUNCE_MS) {
      clearTimeout(timer);
      timer = setTimeout(() => void run(), delay);
    },
  };
}
