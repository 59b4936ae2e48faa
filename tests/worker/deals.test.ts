import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { formatHlc } from '../../shared/hlc';
import { newRecordId } from '../../shared/ids';
import { LIMITS, type AnyRecord } from '../../shared/records';
import type { MutationEnvelope } from '../../shared/protocol';
import { createTeam, ownerAndMember, testClient } from './helpers';

let tick = 0;
const now = (m: MutationEnvelope, clientId: string): MutationEnvelope => ({
  ...m,
  hlc: formatHlc({ ms: Date.now(), counter: tick++ % 99_999 }, clientId),
});

function deal(createdBy: string, fields: Record<string, unknown> = {}): AnyRecord {
  return {
    ...buildRecord(
      'deal',
      {
        name: 'Hamburg racks',
        accountId: newRecordId(),
        pipelineId: 'new-business',
        stageId: 'qualify',
        currency: 'EUR',
        amount: 10_000,
        stageHistory: [{ at: 1_700_000_000_000, by: createdBy, stageId: 'qualify' }],
      },
      { memberId: createdBy, now: 1_700_000_000_000 },
    ),
    ...fields,
  } as AnyRecord;
}

describe('deals on the server', () => {
  it('are stored for the team, merge per field, and their stage history merges by entry', async () => {
    const { owner, member, a, b } = await ownerAndMember();
    const d = deal(owner.member.id);
    expect((await a.push([a.create(d)])).json.rejected).toEqual([]);
    expect((await b.pullAll()).map((r) => r.record)).toEqual([expect.objectContaining({ id: d.id, type: 'deal' })]);
    const history = (d as { stageHistory: unknown[] }).stageHistory;
    const moved = [...history, { at: 1_700_000_100_000, by: owner.member.id, stageId: 'propose' }];
    const priced = [...history, { at: 1_700_000_200_000, by: member.member.id, stageId: 'negotiate' }];
    await a.push([
      now(
        a.mutation('record.update', {
          type: 'deal',
          id: d.id,
          patch: { stageId: 'propose', stageHistory: moved },
          listBase: { stageHistory: history },
        }),
        a.clientId,
      ),
    ]);
    await b.push([
      now(
        b.mutation('record.update', {
          type: 'deal',
          id: d.id,
          patch: { amount: 12_500, stageHistory: priced },
          listBase: { stageHistory: history },
        }),
        b.clientId,
      ),
    ]);
    const merged = (await testClient(owner).pullAll()).at(-1)!.record as Record<string, unknown>;
    expect(merged).toMatchObject({ amount: 12_500, currency: 'EUR' });
    expect((merged.stageHistory as { stageId: string }[]).map((e) => e.stageId).sort()).toEqual([
      'negotiate',
      'propose',
      'qualify',
    ]);
  });

  it('refuses a deal that breaks the limits, with the field named, and stores nothing of it', async () => {
    const owner = await createTeam();
    const a = testClient(owner);
    const bad = [
      deal(owner.member.id, { amount: -10 }),
      deal(owner.member.id, { amount: 1e13 }),
      deal(owner.member.id, { currency: 'Euro' }),
      deal(owner.member.id, { closeDate: '2026-13-01' }),
      deal(owner.member.id, { probability: 150 }),
      deal(owner.member.id, { name: 'x'.repeat(LIMITS.shortText + 1) }),
      deal(owner.member.id, {
        lines: Array.from({ length: LIMITS.listItems + 1 }, (_, i) => ({
          id: `l${i}`,
          name: 'L',
          quantity: 1,
          price: 1,
        })),
      }),
    ];
    const r = await a.push(bad.map((d) => a.create(d)));
    expect(r.json.rejected).toHaveLength(bad.length);
    expect(r.json.rejected.map((x: { code: string }) => x.code)).toEqual(bad.map(() => 'invalid_record'));
    // Each refusal names the field that broke the limit.
    const fields = ['amount', 'amount', 'currency', 'closeDate', 'probability', 'name', 'lines'];
    r.json.rejected.forEach((x: { message: string }, i: number) => {
      expect(x.message).toContain(fields[i]);
    });
    expect(await testClient(owner).pullAll()).toEqual([]);
    // An edit past the limits is refused as well, and the deal stays as it was.
    const good = deal(owner.member.id);
    await a.push([a.create(good)]);
    const edit = await a.push([
      now(a.mutation('record.update', { type: 'deal', id: good.id, patch: { probability: -1 } }), a.clientId),
    ]);
    expect(edit.json.rejected).toHaveLength(1);
    expect((await testClient(owner).pullAll()).at(-1)!.record).toMatchObject({ probability: null });
  });

  it('another team neither sees a team’s deals nor can edit them', async () => {
    const owner = await createTeam('Team A');
    const other = await createTeam('Team B');
    const a = testClient(owner);
    const o = testClient(other);
    const d = deal(owner.member.id);
    await a.push([a.create(d)]);
    expect(await o.pullAll()).toEqual([]);
    const attack = await o.push([o.mutation('record.update', { type: 'deal', id: d.id, patch: { stageId: 'won' } })]);
    expect(attack.json.rejected[0]!.code).toBe('not_found');
    // A record with the same id made in its own team is its own: the first team's deal is untouched.
    await o.push([o.create({ ...d, createdBy: other.member.id, stageId: 'commit' } as AnyRecord)]);
    expect((await testClient(owner).pullAll()).map((r) => r.record)).toEqual([
      expect.objectContaining({ id: d.id, stageId: 'qualify' }),
    ]);
    expect((await testClient(other).pullAll()).map((r) => r.record)).toEqual([
      expect.objectContaining({ id: d.id, stageId: 'commit', createdBy: other.member.id }),
    ]);
  });
});
