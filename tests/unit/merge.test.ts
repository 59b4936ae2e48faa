import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { formatHlc } from '../../shared/hlc';
import { mergeMutation, type StoredRecord } from '../../shared/merge';
import type { Mutation } from '../../shared/protocol';

const by = { memberId: 'm1', now: 1_800_000_000_000 };
const clients = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];

function base(): StoredRecord {
  const outcome = mergeMutation(null, { id: 1, name: 'record.create', hlc: formatHlc({ ms: 1, counter: 0 }, clients[0]!), record: buildRecord('contact', { name: 'Start', title: 'T0' }, by) }, 'm1');
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.stored;
}

describe('per-field merge on the server', () => {
  it('converges whatever order concurrent field edits arrive in', () => {
    const start = base();
    const edit = fc.record({
      field: fc.constantFrom('name', 'title'),
      value: fc.string({ minLength: 1, maxLength: 5 }),
      ms: fc.integer({ min: 2, max: 20 }),
      client: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), fc.func(fc.integer()), (edits, order) => {
        const mutations: Mutation[] = edits.map((e, i) => ({
          id: i + 2,
          name: 'record.update',
          hlc: formatHlc({ ms: e.ms, counter: i }, clients[e.client]!),
          type: 'contact',
          recordId: start.record.id,
          patch: { [e.field]: e.value },
        }));
        const apply = (list: Mutation[]) =>
          list.reduce((acc, m) => {
            const outcome = mergeMutation(acc, m, 'm1');
            if (!outcome.ok) throw new Error(outcome.message);
            return outcome.stored;
          }, start);
        const shuffled = [...mutations].sort((x, y) => order(x.id) - order(y.id));
        expect(apply(shuffled).record).toEqual(apply(mutations).record);
      }),
    );
  });

  it('keeps a tombstone when an edit races a delete', () => {
    const start = base();
    const deleted = mergeMutation(start, { id: 2, name: 'record.delete', hlc: formatHlc({ ms: 5, counter: 0 }, clients[1]!), type: 'contact', recordId: start.record.id }, 'm1');
    if (!deleted.ok) throw new Error();
    const late = mergeMutation(deleted.stored, { id: 3, name: 'record.update', hlc: formatHlc({ ms: 9, counter: 0 }, clients[2]!), type: 'contact', recordId: start.record.id, patch: { name: 'Back?' } }, 'm1');
    expect(late).toMatchObject({ ok: true, changed: false });
    if (late.ok) expect(late.stored.record).toMatchObject({ deleted: true, name: 'Start' });
  });

  it('refuses updates to unknown records and type mismatches', () => {
    const start = base();
    expect(mergeMutation(null, { id: 2, name: 'record.delete', hlc: formatHlc({ ms: 5, counter: 0 }, clients[1]!), type: 'contact', recordId: start.record.id }, 'm1')).toMatchObject({ ok: false, code: 'not_found' });
    expect(mergeMutation(start, { id: 2, name: 'record.delete', hlc: formatHlc({ ms: 5, counter: 0 }, clients[1]!), type: 'account', recordId: start.record.id }, 'm1')).toMatchObject({ ok: false, code: 'conflict' });
  });
});
