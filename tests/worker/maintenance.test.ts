import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { runMaintenance } from '../../worker/maintenance';
import { call, contact, createTeam, testClient } from './helpers';

describe('tombstone floor', () => {
  it('purges old tombstones and tells a client with an older cursor to reset', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    const keep = contact(owner, { name: 'Keep' } as never);
    const gone = contact(owner, { name: 'Gone' } as never);
    await a.push([a.create(keep), a.create(gone)]);
    const early = await call('POST', '/v1/sync/pull', {
      token: owner.token,
      body: { clientId: a.clientId, cursor: 0 },
    });
    const oldCursor = early.json.cursor as number;
    await a.push([a.mutation('record.delete', { type: 'contact', id: gone.id })]);
    // Age the tombstone past the TTL, then run the daily job.
    await env.DB.prepare('UPDATE records SET updated_at = 1 WHERE id = ?').bind(gone.id).run();
    const result = await runMaintenance(env);
    expect(result.purged).toBeGreaterThanOrEqual(1);
    const stale = await call('POST', '/v1/sync/pull', {
      token: owner.token,
      body: { clientId: a.clientId, cursor: oldCursor },
    });
    expect(stale.json.reset).toBe(true);
    expect(stale.json.rows.map((r: { id: string }) => r.id)).toEqual([keep.id]);
    const fresh = await call('POST', '/v1/sync/pull', {
      token: owner.token,
      body: { clientId: a.clientId, cursor: stale.json.cursor },
    });
    expect(fresh.json.reset).toBe(false);
  });
});
