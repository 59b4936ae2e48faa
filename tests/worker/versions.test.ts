import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../../worker/index';
import { newRecordId } from '../../shared/ids';
import { FORWARD_LIMITS } from '../../shared/records';
import { PROTOCOL_VERSION, versionResponse } from '../../shared/version';
import { formatHlc } from '../../shared/hlc';
import type { MutationEnvelope } from '../../shared/protocol';
import { call, contact, createTeam, ownerAndMember, testClient } from './helpers';

/** Stamped now (each test client's clock starts at the same instant; an edit after a create must be later). */
let tick = 0;
const now = (m: MutationEnvelope, clientId: string): MutationEnvelope => ({
  ...m,
  hlc: formatHlc({ ms: Date.now(), counter: tick++ % 99_999 }, clientId),
});

/** A record of a type this server does not know, as a later Margin would write it. */
function quote(createdBy: string, fields: Record<string, unknown> = {}) {
  return {
    id: newRecordId(),
    type: 'quote',
    createdAt: 1,
    updatedAt: 1,
    createdBy,
    deleted: false,
    stage: 'proposal',
    amount: 5000,
    currency: 'EUR',
    lines: [{ sku: 'A-1', qty: 3 }],
    ...fields,
  };
}

describe('GET /v1/version', () => {
  it('says which protocol this server speaks and which record types it knows, without a sign-in', async () => {
    const r = await call('GET', '/v1/version');
    expect(r.status).toBe(200);
    const info = versionResponse.parse(r.json);
    expect(info.protocol).toEqual({ min: 1, max: PROTOCOL_VERSION });
    expect(info.recordTypes).toEqual(expect.arrayContaining(['account', 'contact', 'note', 'plan']));
  });

  it('tells a client older than it takes to update Margin, and changes nothing', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    const newer = { ...env, PROTOCOL_MIN: '3' };
    const body = JSON.stringify({ clientId: a.clientId, protocol: 2, mutations: [a.create(contact(owner))] });
    const r = await app.request(
      '/v1/sync/push',
      { method: 'POST', headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'application/json' }, body },
      newer,
    );
    expect(r.status).toBe(426);
    expect(await r.json()).toMatchObject({ error: { code: 'client_too_old', minProtocol: 3 } });
    expect(await a.pullAll()).toEqual([]);
  });
});

describe('a record type the server does not know', () => {
  it('is stored and served as it came, merges per field between two clients, and can be deleted', async () => {
    const { owner, a, b } = await ownerAndMember();
    const d = quote(owner.member.id);
    expect((await a.push([a.create(d as never)])).json.rejected).toEqual([]);
    const [row] = await b.pullAll();
    expect(row).toMatchObject({ id: d.id, type: 'quote', deleted: false });
    expect(row!.record).toEqual({ ...d, updatedAt: (row!.record as { updatedAt: number }).updatedAt });
    // Two clients edit different fields of it: both stay.
    await b.push([now(b.mutation('record.update', { type: 'quote', id: d.id, patch: { stage: 'won' } }), b.clientId)]);
    await a.push([now(a.mutation('record.update', { type: 'quote', id: d.id, patch: { amount: 7500 } }), a.clientId)]);
    const merged = (await testClient(owner).pullAll()).at(-1)!.record as Record<string, unknown>;
    expect(merged).toMatchObject({ stage: 'won', amount: 7500, currency: 'EUR' });
    expect((await a.push([a.mutation('record.delete', { type: 'quote', id: d.id })])).json.rejected).toEqual([]);
    expect((await testClient(owner).pullAll()).at(-1)).toMatchObject({ deleted: true });
  });

  it('is kept within limits and to its team', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    const huge = quote(owner.member.id, { notes: 'x'.repeat(FORWARD_LIMITS.unknownFieldBytes + 1) });
    const wide = quote(owner.member.id, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, i])));
    const big = quote(
      owner.member.id,
      Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`part${i}`, 'y'.repeat(12_000)])),
    );
    const badName = quote(owner.member.id, { type: 'Quote; DROP TABLE' });
    const badField = quote(owner.member.id, { 'bad field!': 1 });
    const r = await a.push([
      a.create(huge as never),
      a.create(big as never),
      a.create(badName as never),
      a.create(badField as never),
      a.create(wide as never),
    ]);
    expect(r.json.rejected.map((x) => x.code)).toEqual([
      'invalid_record',
      'invalid_record',
      'invalid_record',
      'invalid_record',
    ]);
    expect(r.json.rejected.map((x) => x.id)).toEqual([1, 2, 3, 4]);
    // 40 fields are fine for a type the server does not know at all (only its size is bounded).
    expect(await a.pullAll()).toHaveLength(1);

    const other = await createTeam('Other team');
    const o = testClient(other);
    const d = quote(owner.member.id);
    await a.push([a.create(d as never)]);
    expect((await o.pullAll()).map((x) => x.id)).not.toContain(d.id);
    const attack = await o.push([o.mutation('record.update', { type: 'quote', id: d.id, patch: { stage: 'lost' } })]);
    expect(attack.json.rejected[0]!.code).toBe('not_found');
  });
});

describe('a field the server does not know', () => {
  it('round-trips on a known record, survives an older client’s edits, merges per field and is bounded', async () => {
    const { owner, a, b } = await ownerAndMember();
    const person = { ...contact(owner), linkedin: 'https://www.linkedin.com/in/ana', buyingRole: 'champion' };
    expect((await a.push([a.create(person as never)])).json.rejected).toEqual([]);
    // b is an older version: it edits only the fields it knows.
    await b.push([
      now(
        b.mutation('record.update', { type: 'contact', id: person.id, patch: { title: 'Head of Buying' } }),
        b.clientId,
      ),
    ]);
    await a.push([
      now(
        a.mutation('record.update', { type: 'contact', id: person.id, patch: { buyingRole: 'economic buyer' } }),
        a.clientId,
      ),
    ]);
    const row = (await testClient(owner).pullAll()).at(-1)!.record as Record<string, unknown>;
    expect(row).toMatchObject({
      title: 'Head of Buying',
      linkedin: 'https://www.linkedin.com/in/ana',
      buyingRole: 'economic buyer',
    });
    // Known fields stay strictly checked; unknown ones are bounded.
    const r = await a.push([
      a.mutation('record.update', { type: 'contact', id: person.id, patch: { emails: 'not a list' } }),
      a.mutation('record.update', {
        type: 'contact',
        id: person.id,
        patch: { profile: 'z'.repeat(FORWARD_LIMITS.unknownFieldBytes + 10) },
      }),
      a.mutation('record.update', { type: 'contact', id: person.id, patch: { rev: 9 } }),
    ]);
    expect(r.json.rejected.map((x) => x.code)).toEqual(['invalid_record', 'invalid_record', 'invalid_record']);
  });
});
