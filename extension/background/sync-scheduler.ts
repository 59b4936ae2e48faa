import type { MarginDB, SyncError, SyncStatus } from '../lib/db';
import { ServerError, syncApi } from './api-client';
import { wordsOf } from '../i18n/errors';
import { syncOnce } from './sync-engine';

const IDLE_STATUS: SyncStatus = {
  lastSyncedAt: null,
  lastAttemptAt: null,
  error: null,
  failures: 0,
  syncing: false,
  progress: null,
};
const LOCAL_WRITE_DEBOUNCE_MS = 400;
const BACKOFF_MAX_MS = 5 * 60_000;

/** Exponential backoff with full jitter: 1 s, 2 s, 4 s… up to 5 minutes, each scaled by 0.5–1.5. */
export function backoffDelay(failures: number, random = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.5 + random()));
}

/**
 * Runs sync rounds one at a time (a Web Lock, so two wake-ups of the worker never overlap),
 * debounced after local writes. Everything it needs is in IndexedDB; nothing lives only in memory.
 */
export function createSyncScheduler(db: MarginDB, hooks: { afterRound?: (status: SyncStatus) => void } = {}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<SyncStatus> | undefined;

  function schedule(delay: number) {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), delay);
  }

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
        onProgress: (progress) => void setStatus({ progress }),
      });
      return await setStatus({ syncing: false, error: null, failures: 0, lastSyncedAt: Date.now(), progress: null });
    } catch (error) {
      const info: SyncError =
        error instanceof ServerError
          ? { code: error.code, message: error.message, ...wordsOf(error) }
          : { code: 'local', message: error instanceof Error ? error.message : String(error), ...wordsOf(error) };
      const failures = ((await db.getMeta('syncStatus'))?.failures ?? 0) + 1;
      // Retry on a backoff; the minute alarm and the `online` event also wake a new round.
      if (info.code !== 'unauthorized') schedule(backoffDelay(failures));
      return await setStatus({ syncing: false, error: info, failures, progress: null });
    }
  }

  function run(): Promise<SyncStatus> {
    running ??= (async () => {
      try {
        const locks = (globalThis.navigator as Navigator | undefined)?.locks;
        const status = locks ? await locks.request('margin-sync', round) : await round();
        hooks.afterRound?.(status);
        return status;
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  return {
    /**
     * A fresh worker is never mid-round: clear a `syncing` flag a killed worker left behind,
     * so the status never claims a sync that is not running.
     */
    async recoverAfterRestart() {
      const status = await db.getMeta('syncStatus');
      if (status?.syncing) await setStatus({ syncing: false, progress: null });
    },
    /** Sync now; if a round is running, wait for it and run once more so the latest writes go out. */
    async syncNow(): Promise<SyncStatus> {
      if (running) await running;
      return run();
    },
    soon(delay = LOCAL_WRITE_DEBOUNCE_MS) {
      schedule(delay);
    },
  };
}
