import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { parseHlc } from '../../shared/hlc';
import { MarginDB } from '../../extension/lib/db';
import { createRecord, deleteRecord, updateRecord, writeBatch } from '../../extension/ui/local-writes';
import { allQueued } from '../../extension/lib/outbox';

let db: MarginDB;
const by = { memberId: 'member-1', now: 1_800_000_000_000 };

beforeEach(() => {
  db = new MarginDB(`local-writes-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('local writes', () => {
  it('a batch that creates a record this device already has merges into it, as a single write does (a stable id met again)', async () => {
    // Two reps capturing one address make one id; here the local copy even has another address by now.
    const existing = await createRecord(
      db,
      { ...buildRecord('contact', { name: 'Kim', emails: ['kim@new.example'], title: 'Buyer' }, by) },
      by.now,
    );
    const again = buildRecord(
      'contact',
      { name: 'Kim Min-su', emails: ['kim@old.example'] },
      { ...by, id: existing.id },
    );
    const other = buildRecord('contact', { name: 'Lee' }, by);
    await writeBatch(
      db,
      [
        { kind: 'create', record: again },
        { kind: 'create', record: other },
      ],
      by.now + 1,
      { validated: true },
    );
    expect(await db.contacts.get(existing.id)).toMatchObject({ name: 'Kim Min-su', emails: ['kim@old.example'] });
    expect(await db.contacts.get(other.id)).toMatchObject({ name: 'Lee' });
    expect((await allQueued(db)).map((e) => e.recordId)).toEqual([existing.id, existing.id, other.id]);
  });

  it('a batch lands whole with one outbox entry per write, and a note body edit in it names its base revision', async () => {
    const account = buildRecord('account', { name: 'Acme', domains: ['acme.com'] }, by);
    // A note as pulled from the server at revision 3, and one written here and not yet synced.
    const note = { ...buildRecord('note', { subjectId: account.id, body: 'First.' }, by), rev: 3 };
    await db.notes.put(note);
    const fresh = await createRecord(db, buildRecord('note', { subjectId: account.id, body: 'Draft.' }, by), by.now);
    await writeBatch(
      db,
      [
        { kind: 'create', record: account },
        { kind: 'update', type: 'note', recordId: note.id, patch: { body: 'First, then more.' } },
        { kind: 'update', type: 'note', recordId: fresh.id, patch: { body: 'Draft, fixed.' } },
        { kind: 'update', type: 'note', recordId: note.id, patch: { body: 'First, then more, and more.' } },
      ],
      by.now + 1,
    );
    expect((await db.notes.get(note.id))!.body).toBe('First, then more, and more.');
    const outbox = await allQueued(db);
    expect(outbox.map((e) => [e.name, e.recordId])).toEqual([
      ['record.create', fresh.id],
      ['record.create', account.id],
      ['record.update', note.id],
      ['record.update', fresh.id],
      ['record.update', note.id],
    ]);
    // From the revision pulled; from the create (0) while it is unsynced; a second edit from the same base as the first.
    expect(outbox.slice(2).map((e) => (e.name === 'record.update' ? e.baseRev : null))).toEqual([3, 0, 3]);
  });

  it('commits the record and its outbox entry together, with increasing ids and HLC stamps', async () => {
    const account = await createRecord(
      db,
      buildRecord('account', { name: 'Acme', domains: ['acme.com'], tier: 'A' }, by),
      by.now,
    );
    await updateRecord(db, 'account', account.id, { tier: 'B' }, by.now);
    await deleteRecord(db, 'account', account.id, by.now);
    const stored = await db.accounts.get(account.id);
    expect(stored).toMatchObject({ name: 'Acme', tier: 'B', deleted: true });
    const outbox = await allQueued(db);
    expect(outbox.map((e) => [e.id, e.name, e.recordId])).toEqual([
      [1, 'record.create', account.id],
      [2, 'record.update', account.id],
      [3, 'record.delete', account.id],
    ]);
    const stamps = outbox.map((e) => e.hlc);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(3);
    expect(parseHlc(stamps[0]!).clientId).toBe((await db.getMeta('client'))!.clientId);
  });

  it('refuses invalid input with a clear error and writes nothing', async () => {
    const bad = { ...buildRecord('contact', { name: 'Kim' }, by), emails: ['not an address'] };
    await expect(createRecord(db, bad)).rejects.toThrow(/email/);
    await expect(updateRecord(db, 'contact', crypto.randomUUID(), { name: 'x' })).rejects.toThrow(/no contact/);
    await expect(updateRecord(db, 'account', crypto.randomUUID(), { tier: 'Z' })).rejects.toThrow();
    expect(await db.contacts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('normalises emails and keeps non-Latin names as written', async () => {
    const c = await createRecord(
      db,
      buildRecord('contact', { name: '김민준', emails: ['  MinJun.Kim@Example.KR '] }, by),
    );
    expect((await db.contacts.get(c.id))!.emails).toEqual(['minjun.kim@example.kr']);
    expect((await db.contacts.where('emails').equals('minjun.kim@example.kr').first())!.name).toBe('김민준');
  });
});
