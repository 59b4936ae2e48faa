import fc from 'fast-check';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { SessionResponse } from '../../shared/api';
import { buildRecord } from '../../shared/factories';
import type { AnyRecord, Contact, Note, Plan } from '../../shared/records';
import { MarginDB } from '../../extension/lib/db';
import { fetchNoteHistory, syncApi, type SyncApi } from '../../extension/background/api-client';
import { createRecord, deleteRecord, updateRecord, writeBatch, type BatchWrite } from '../../extension/ui/local-writes';
import { syncOnce } from '../../extension/background/sync-engine';
import { createInvite, createTeam, joinTeam } from '../support/team';

/**
 * Convergence under faults, with the real sync engine against the real worker: three clients make
 * random offline changes, sync in random interleavings (some at once) through dropped requests,
 * dropped responses and duplicated requests. After everyone syncs cleanly, every replica equals the
 * server, and every note text anyone wrote is in a note's body, its history, or an open conflict.
 * MARGIN_FC_RUNS sets the number of cases (`npm run test:convergence` runs a long one).
 */
const serverUrl = inject('serverUrl');
const RUNS = Number(process.env.MARGIN_FC_RUNS ?? 200);
const WORDS = ['call', 'Ana', 'Monday', 'budget', '12k', 'renewal', '王芳', '김민준', 'order', 'visit'];

type Fault = 'none' | 'drop-request' | 'drop-response' | 'duplicate';
type Op =
  | { kind: 'create'; client: number; what: 'contact' | 'account' | 'note'; word: number }
  | { kind: 'edit-field'; client: number; pick: number; word: number }
  | { kind: 'edit-note'; client: number; pick: number; at: number; word: number; replace: boolean }
  | { kind: 'delete'; client: number; pick: number }
  | { kind: 'edit-list'; client: number; pick: number; remove: boolean; at: number }
  | { kind: 'edit-goals'; client: number; pick: number; action: 'add' | 'remove' | 'progress'; at: number }
  | { kind: 'batch'; client: number; count: number; pick: number; word: number }
  | { kind: 'sync'; client: number; fault: Fault; on: 'push' | 'pull' }
  | { kind: 'sync-together'; clients: [number, number] };

const client = fc.integer({ min: 0, max: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      client,
      what: fc.constantFrom('contact' as const, 'account' as const, 'note' as const),
      word: fc.nat(99),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('edit-field' as const), client, pick: fc.nat(99), word: fc.nat(99) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('edit-note' as const),
      client,
      pick: fc.nat(99),
      at: fc.nat(99),
      word: fc.nat(99),
      replace: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), client, pick: fc.nat(99) }) },
  // A phone added to, or removed from, a contact: lists merge by item (shared/list-merge.ts).
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit-list' as const),
      client,
      pick: fc.nat(99),
      remove: fc.boolean(),
      at: fc.nat(99),
    }),
  },
  // A plan's goals: added, removed, or their progress moved (items with an identity, merged field by field).
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('edit-goals' as const),
      client,
      pick: fc.nat(99),
      action: fc.constantFrom('add' as const, 'remove' as const, 'progress' as const),
      at: fc.nat(99),
    }),
  },
  // An import: several creates and an edit written together, queued as one outbox batch row.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      client,
      count: fc.integer({ min: 1, max: 4 }),
      pick: fc.nat(99),
      word: fc.nat(99),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      client,
      fault: fc.constantFrom<Fault>('none', 'none', 'drop-request', 'drop-response', 'duplicate'),
      on: fc.constantFrom('push' as const, 'pull' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('sync-together' as const), clients: fc.tuple(client, client) }),
  },
);

/** Wraps the real API so the first call of one kind fails the way a network does. */
function faulty(api: SyncApi, fault: Fault, on: 'push' | 'pull'): SyncApi {
  let armed = fault !== 'none';
  const wrap = <K extends 'push' | 'pull'>(kind: K): SyncApi[K] =>
    (async (body: never) => {
      const call = () => (api[kind] as (b: never) => Promise<unknown>)(body);
      if (!armed || kind !== on) return call();
      armed = false;
      if (fault === 'drop-request') throw new Error('request dropped');
      if (fault === 'drop-response') {
        await call();
        throw new Error('response dropped');
      }
      await call();
      return call();
    }) as SyncApi[K];
  return { push: wrap('push'), pull: wrap('pull') };
}

const opened: MarginDB[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

function newDb() {
  const db = new MarginDB(`conv-${crypto.randomUUID()}`);
  opened.push(db);
  return db;
}

async function allRecords(db: MarginDB): Promise<Map<string, AnyRecord>> {
  const out = new Map<string, AnyRecord>();
  for (const table of db.recordTables) for (const r of await table.toArray()) out.set(r.id, r as AnyRecord);
  return out;
}

describe('sync converges and never loses a note', () => {
  it(`holds over ${RUNS} random runs with faults`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), async (ops) => {
        const owner = await createTeam(serverUrl, 'Convergence');
        const sessions: SessionResponse[] = [owner];
        for (const name of ['Bea', 'Chen'])
          sessions.push(await joinTeam(serverUrl, await createInvite(serverUrl, owner.token), name));
        const clients = sessions.map((session) => ({ session, db: newDb(), api: syncApi(serverUrl, session.token) }));
        const written: string[] = [];
        // Every phone a device added (with its contact), and every phone any device removed.
        const addedPhones = new Map<string, string>();
        const removedPhones = new Set<string>();
        let phoneSeq = 0;
        const addedGoals = new Map<string, string>();
        const removedGoals = new Set<string>();
        const now = () => Date.now();

        const live = async (db: MarginDB, types: ('contact' | 'account' | 'note')[]) =>
          (await Promise.all(types.map((t) => db.tableFor(t).toArray())))
            .flat()
            .filter((r) => !r.deleted)
            .sort((a, b) => a.id.localeCompare(b.id));

        for (const o of ops) {
          if (o.kind === 'sync') {
            const c = clients[o.client]!;
            await syncOnce(c.db, faulty(c.api, o.fault, o.on)).catch(() => undefined);
          } else if (o.kind === 'sync-together') {
            await Promise.all(o.clients.map((i) => syncOnce(clients[i]!.db, clients[i]!.api).catch(() => undefined)));
          } else {
            const c = clients[o.client]!;
            const by = { memberId: c.session.member.id, now: now() };
            const word = WORDS[('word' in o ? o.word : 0) % WORDS.length]!;
            if (o.kind === 'create') {
              if (o.what === 'note') {
                const subjects = await live(c.db, ['contact', 'account']);
                const subject = subjects[o.word % Math.max(1, subjects.length)];
                if (!subject) continue;
                const body = `${word} note ${o.word}`;
                written.push(body);
                await createRecord(c.db, buildRecord('note', { subjectId: subject.id, body }, by));
              } else if (o.what === 'contact') {
                await createRecord(c.db, buildRecord('contact', { name: `${word} ${o.word}` }, by));
              } else {
                await createRecord(c.db, buildRecord('account', { name: `${word} Ltd ${o.word}` }, by));
              }
            } else if (o.kind === 'batch') {
              const writes: BatchWrite[] = Array.from({ length: o.count }, (_, i) => ({
                kind: 'create',
                record: buildRecord('contact', { name: `${word} imported ${o.word}.${i}` }, by),
              }));
              const targets = await live(c.db, ['contact', 'account']);
              const target = targets[o.pick % Math.max(1, targets.length)];
              if (target)
                writes.push({
                  kind: 'update',
                  type: target.type,
                  recordId: target.id,
                  patch:
                    target.type === 'contact'
                      ? { title: `${word} (import)` }
                      : { tier: (['A', 'B', 'C'] as const)[o.word % 3] },
                });
              await writeBatch(c.db, writes, by.now);
            } else if (o.kind === 'edit-field') {
              const targets = await live(c.db, ['contact', 'account']);
              const target = targets[o.pick % Math.max(1, targets.length)];
              if (!target) continue;
              await updateRecord(
                c.db,
                target.type,
                target.id,
                target.type === 'contact' ? { title: word } : { tier: (['A', 'B', 'C'] as const)[o.word % 3] },
              );
            } else if (o.kind === 'edit-list') {
              const contacts = (await live(c.db, ['contact'])) as Contact[];
              const target = contacts[o.pick % Math.max(1, contacts.length)];
              if (!target) continue;
              if (o.remove && target.phones.length) {
                const gone = target.phones[o.at % target.phones.length]!;
                removedPhones.add(gone);
                await updateRecord(c.db, 'contact', target.id, { phones: target.phones.filter((p) => p !== gone) });
              } else {
                const phone = `+49 ${o.client}${++phoneSeq}`;
                addedPhones.set(phone, target.id);
                await updateRecord(c.db, 'contact', target.id, { phones: [...target.phones, phone] });
              }
            } else if (o.kind === 'edit-goals') {
              const accounts = await live(c.db, ['account']);
              const account = accounts[o.pick % Math.max(1, accounts.length)];
              if (!account) continue;
              const plan = (await c.db.plans.where('accountId').equals(account.id).toArray())
                .filter((p) => !p.deleted)
                .sort((x, y) => x.id.localeCompare(y.id))[0];
              const goal = {
                id: crypto.randomUUID(),
                title: `Goal ${++phoneSeq}`,
                measure: '',
                dueAt: null,
                progress: 0,
              };
              if (!plan) {
                const created = await createRecord(
                  c.db,
                  buildRecord('plan', { accountId: account.id, year: 2027, goals: [goal] }, by),
                );
                addedGoals.set(goal.id, created.id);
              } else if (o.action === 'add' || plan.goals.length === 0) {
                addedGoals.set(goal.id, plan.id);
                await updateRecord(c.db, 'plan', plan.id, { goals: [...plan.goals, goal] });
              } else if (o.action === 'remove') {
                const gone = plan.goals[o.at % plan.goals.length]!;
                if (gone.id) removedGoals.add(gone.id);
                await updateRecord(c.db, 'plan', plan.id, { goals: plan.goals.filter((g) => g !== gone) });
              } else {
                const moved = o.at % plan.goals.length;
                await updateRecord(c.db, 'plan', plan.id, {
                  goals: plan.goals.map((g, i) => (i === moved ? { ...g, progress: (g.progress + 10) % 100 } : g)),
                });
              }
            } else if (o.kind === 'edit-note') {
              const notes = (await live(c.db, ['note'])) as Note[];
              const target = notes[o.pick % Math.max(1, notes.length)];
              if (!target) continue;
              const tokens = target.body.split(' ');
              const at = o.at % (tokens.length + 1);
              if (o.replace && at < tokens.length) tokens[at] = word;
              else tokens.splice(at, 0, word);
              const body = tokens.join(' ');
              written.push(body);
              await updateRecord(c.db, 'note', target.id, { body });
            } else {
              const targets = await live(c.db, ['contact', 'account', 'note']);
              const target = targets[o.pick % Math.max(1, targets.length)];
              if (target) await deleteRecord(c.db, target.type, target.id);
            }
          }
        }

        // Everyone syncs cleanly until nothing moves: two full rounds suffice (push all, then pull all).
        for (let round = 0; round < 2; round++) for (const c of clients) await syncOnce(c.db, c.api);

        const fresh = newDb();
        await syncOnce(fresh, clients[0]!.api);
        const server = await allRecords(fresh);
        for (const c of clients) {
          expect(await c.db.outbox.count()).toBe(0);
          expect(await c.db.rejected.count()).toBe(0);
          const replica = await allRecords(c.db);
          expect([...replica.keys()].sort()).toEqual([...server.keys()].sort());
          for (const [id, record] of server)
            expect(replica.get(id), `record ${id} on client ${c.session.member.name}`).toEqual(record);
        }

        const texts = new Set<string>();
        for (const record of server.values()) {
          if (record.type !== 'note') continue;
          texts.add(record.body);
          for (const conflict of record.conflicts) texts.add(conflict.body);
          for (const entry of await fetchNoteHistory(serverUrl, owner.token, record.id)) texts.add(entry.body);
        }
        for (const text of written) expect(texts.has(text), `note text "${text}" was lost`).toBe(true);
        // Every phone a device added and nobody removed is on its contact, on the server and so on every replica.
        for (const [phone, contactId] of addedPhones) {
          const record = server.get(contactId);
          if (!record || record.deleted || removedPhones.has(phone)) continue;
          expect((record as Contact).phones, `phone ${phone} added offline was lost`).toContain(phone);
        }
        for (const [goalId, planId] of addedGoals) {
          const record = server.get(planId);
          if (!record || record.deleted || removedGoals.has(goalId)) continue;
          expect(
            (record as Plan).goals.map((g) => g.id),
            `goal ${goalId} added offline was lost`,
          ).toContain(goalId);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});
