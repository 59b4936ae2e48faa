import type { ClientState, MarginDB } from './db';

/** This profile's sync identity; made on first use and kept in IndexedDB (the MV3 worker may die at any time). */
export async function ensureClient(db: MarginDB): Promise<ClientState> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await db.getMeta('client');
    if (existing) return existing;
    const created: ClientState = { clientId: crypto.randomUUID(), nextMutationId: 1, clock: { ms: 0, counter: 0 } };
    await db.setMeta('client', created);
    return created;
  });
}
