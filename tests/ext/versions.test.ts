import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { formatHlc } from '../../shared/hlc';
import { RECORD_TYPES } from '../../shared/records';
import { MarginDB } from '../../extension/lib/db';
import { ServerError, syncApi } from '../../extension/background/api-client';
import { ensureClient } from '../../extension/lib/client-state';
import { createRecord, updateRecord } from '../../extension/ui/local-writes';
import { queuedCount } from '../../extension/lib/outbox';
import { syncOnce } from '../../extension/background/sync-engine';
import { applyLocalMigrations, startWrangler } from '../../scripts/lib/wrangler';
import { createInvite, createTeam, joinTeam } from '../support/team';

const serverUrl = inject('serverUrl');
const opened: MarginDB[] = [];
const newDb = () => {
  const db = new MarginDB(`versions-${crypto.randomUUID()}`);
  opened.push(db);
  return db;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

describe('extension and server of different versions', () => {
  it('an older extension keeps rows of a type it does not read aside, and applies them once updated, without a re-sync', async () => {
    const owner = await createTeam(serverUrl, 'Versions');
    const member = await joinTeam(serverUrl, await createInvite(serverUrl, owner.token), 'Old Version');
    const newer = newDb();
    const by = { memberId: owner.member.id, now: Date.now() };
    const account = await createRecord(newer, buildRecord('account', { name: 'Nordlicht' }, by));
    const plan = await createRecord(
      newer,
      buildRecord(
        'plan',
        {
          accountId: account.id,
          year: 2027,
          goals: [{ id: 'g1', title: 'Pilot', measure: '', dueAt: null, progress: 10 }],
        },
        by,
      ),
    );
    await syncOnce(newer, syncApi(serverUrl, owner.token));
    // And a type no released version knows yet, written straight through the API.
    const { clientId } = await ensureClient(newer);
    const quote = {
      id: buildRecord('account', { name: 'x' }, by).id,
      type: 'quote',
      createdAt: 1,
      updatedAt: 1,
      createdBy: owner.member.id,
      deleted: false,
      stage: 'won',
    };
    await syncApi(serverUrl, owner.token).push({
      clientId,
      settledThrough: 2,
      mutations: [
        {
          id: 3,
          name: 'record.create',
          hlc: formatHlc({ ms: Date.now(), counter: 0 }, clientId),
          args: { record: quote },
        },
      ],
    });

    const old = newDb();
    const api = syncApi(serverUrl, member.token);
    const olderTypes = RECORD_TYPES.filter((t) => t !== 'plan');
    const first = await syncOnce(old, api, { readableTypes: olderTypes });
    expect(first.pulled).toBe(3);
    expect(await old.accounts.get(account.id)).toMatchObject({ name: 'Nordlicht' });
    expect(await old.plans.count()).toBe(0);
    expect((await old.held.toArray()).map((h) => h.type).sort()).toEqual(['plan', 'quote']);
    const cursor = await old.getMeta('cursor');

    // Updated: the plan is applied from what was kept, nothing pulled again; the quote still waits.
    const updated = await syncOnce(old, api);
    expect(updated.pulled).toBe(0);
    expect(await old.getMeta('cursor')).toBe(cursor);
    expect(await old.plans.get(plan.id)).toMatchObject({
      goals: [expect.objectContaining({ title: 'Pilot', progress: 10 })],
    });
    expect((await old.held.toArray()).map((h) => h.type)).toEqual(['quote']);
  });

  it('keeps every queued write while the server is too old, says so, and resumes by itself once it is updated', async () => {
    const persistTo = mkdtempSync(join(tmpdir(), 'margin-versions-d1-'));
    await applyLocalMigrations(persistTo);
    let server = await startWrangler({
      persistTo,
      extraArgs: ['--var', 'PROTOCOL_MAX:0', '--var', 'RATE_LIMIT_PER_MINUTE:100000'],
    });
    try {
      const owner = await createTeam(server.url, 'Old server');
      const db = newDb();
      const by = { memberId: owner.member.id, now: Date.now() };
      const contact = await createRecord(db, buildRecord('contact', { name: 'Ana', phones: ['+49 1'] }, by));
      await updateRecord(db, 'contact', contact.id, { phones: ['+49 1', '+49 2'] });
      const error = await syncOnce(db, syncApi(server.url, owner.token)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ code: 'server_too_old', key: 'error.serverTooOld' });
      expect(await queuedCount(db)).toBe(2);
      expect(await db.rejected.count()).toBe(0);

      // The team deploys the update: same data, the full protocol range.
      await server.stop();
      server = await startWrangler({ persistTo, extraArgs: ['--var', 'RATE_LIMIT_PER_MINUTE:100000'] });
      const resumed = await syncOnce(db, syncApi(server.url, owner.token));
      expect(resumed).toMatchObject({ pushed: 2, rejected: 0 });
      const other = newDb();
      await syncOnce(other, syncApi(server.url, owner.token));
      expect(await other.contacts.get(contact.id)).toMatchObject({ phones: ['+49 1', '+49 2'] });
    } finally {
      await server.stop();
      rmSync(persistTo, { recursive: true, force: true });
    }
  }, 120_000);
});
