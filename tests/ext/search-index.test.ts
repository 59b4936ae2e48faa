import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { freshDbs } from '../support/test-db';
import { createRecord, deleteRecord, updateRecord } from '../../extension/ui/local-writes';
import { SearchIndex } from '../../extension/background/search-index';

const NOW = 1_795_425_240_000;
const by = { memberId: 'member-1', now: NOW };
const newDb = freshDbs('search');

async function seeded() {
  const db = newDb();
  const nordlicht = buildRecord(
    'account',
    { name: 'Nordlicht Logistik GmbH', domains: ['nordlicht-logistik.de'], tier: 'A', tags: ['freight'] },
    by,
  );
  const huachen = buildRecord('account', { name: '华辰电子有限公司', domains: ['huachen.cn'] }, by);
  const hanbit = buildRecord('account', { name: '한빛소프트', domains: ['hanbit.co.kr'] }, by);
  const jonas = buildRecord(
    'contact',
    {
      name: 'Jonas Weber',
      emails: ['j.weber@nordlicht-logistik.de'],
      phones: ['+49 (40) 555-0100'],
      title: 'Head of Procurement',
      accountId: nordlicht.id,
    },
    by,
  );
  const wang = buildRecord('contact', { name: '王小明', emails: ['wang@huachen.cn'], accountId: huachen.id }, by);
  const kim = buildRecord('contact', { name: '김민수', emails: ['minsu.kim@hanbit.co.kr'], accountId: hanbit.id }, by);
  const jose = buildRecord('contact', { name: 'José Núñez', emails: ['jose@example.com'] }, by);
  const pilot = buildRecord(
    'note',
    { subjectId: nordlicht.id, body: 'Jonas wants the warehouse pilot priced before the board meets in March.' },
    by,
  );
  const chinese = buildRecord('note', { subjectId: wang.id, body: '王先生下周来上海参观工厂，需要准备样品。' }, by);
  const korean = buildRecord('note', { subjectId: kim.id, body: '김민수님은 다음 주에 견적서를 원합니다.' }, by);
  for (const r of [nordlicht, huachen, hanbit, jonas, wang, kim, jose, pilot, chinese, korean])
    await createRecord(db, r, NOW);
  const index = new SearchIndex(db);
  await index.settled();
  return { db, index, nordlicht, huachen, hanbit, jonas, wang, kim, jose, pilot, chinese, korean };
}

describe('search over the local cache', () => {
  it('finds accounts by name prefix and by domain, contacts by name, address and phone', async () => {
    const { index, nordlicht, jonas } = await seeded();
    expect((await index.search({ query: 'nord' })).accounts.map((a) => a.id)).toEqual([nordlicht.id]);
    expect((await index.search({ query: 'nordlicht-logistik.de' })).accounts.map((a) => a.id)).toEqual([nordlicht.id]);
    const byAddress = await index.search({ query: 'j.weber@' });
    expect(byAddress.contacts).toEqual([
      {
        id: jonas.id,
        name: 'Jonas Weber',
        email: 'j.weber@nordlicht-logistik.de',
        title: 'Head of Procurement',
        accountName: 'Nordlicht Logistik GmbH',
      },
    ]);
    expect((await index.search({ query: '5550100' })).contacts.map((c) => c.id)).toEqual([jonas.id]);
    expect((await index.search({ query: '555-01' })).contacts.map((c) => c.id)).toEqual([jonas.id]);
    expect((await index.search({ query: 'procure' })).contacts.map((c) => c.id)).toEqual([jonas.id]);
  });

  it('needs every word, and ranks a name match above a mention in a note', async () => {
    const { index, nordlicht, jonas, pilot } = await seeded();
    const results = await index.search({ query: 'jonas' });
    expect(results.contacts.map((c) => c.id)).toEqual([jonas.id]);
    expect(results.notes.map((n) => n.id)).toEqual([pilot.id]);
    expect(results.notes[0]).toMatchObject({
      subject: { kind: 'account', id: nordlicht.id, name: 'Nordlicht Logistik GmbH' },
    });
    expect((await index.search({ query: 'jonas march' })).notes.map((n) => n.id)).toEqual([pilot.id]);
    expect((await index.search({ query: 'jonas april' })).notes).toEqual([]);
  });

  it('finds Chinese and Korean names and notes by their characters', async () => {
    const { index, huachen, hanbit, wang, kim, chinese, korean } = await seeded();
    expect((await index.search({ query: '小明' })).contacts.map((c) => c.id)).toEqual([wang.id]);
    expect((await index.search({ query: '王' })).contacts.map((c) => c.id)).toEqual([wang.id]);
    expect((await index.search({ query: '华辰' })).accounts.map((a) => a.id)).toEqual([huachen.id]);
    expect((await index.search({ query: '上海' })).notes.map((n) => n.id)).toEqual([chinese.id]);
    expect((await index.search({ query: '上海' })).notes[0]!.snippet).toContain('上海');
    expect((await index.search({ query: '민수' })).contacts.map((c) => c.id)).toEqual([kim.id]);
    expect((await index.search({ query: '한빛' })).accounts.map((a) => a.id)).toEqual([hanbit.id]);
    expect((await index.search({ query: '견적서' })).notes.map((n) => n.id)).toEqual([korean.id]);
    // Both pairs of 海上 occur nowhere together: no hit though 上 and 海 are both in the note.
    expect((await index.search({ query: '海上' })).notes).toEqual([]);
  });

  it('answers with people at once after a (re)build, and with notes once they are read, edits meanwhile included', async () => {
    const { db, jonas, pilot } = await seeded();
    const index = new SearchIndex(db); // as after the service worker restarted
    const first = await index.search({ query: 'jonas' });
    expect(first.contacts.map((c) => c.id)).toEqual([jonas.id]);
    expect(first.notesIndexing).toEqual({ done: 0, total: 3 });
    // Written while the notes are being read: not lost, not overtaken by the older read.
    await updateRecord(db, 'note', pilot.id, { body: 'Jonas moved the pilot to May.' }, NOW + 5);
    await index.settled();
    const later = await index.search({ query: 'jonas' });
    expect(later.notesIndexing).toBeNull();
    expect(later.notes.map((n) => n.snippet)).toEqual(['Jonas moved the pilot to May.']);
    expect((await index.search({ query: 'warehouse' })).notes).toEqual([]);
  });

  it('ignores accents and case in what is typed', async () => {
    const { index, jose } = await seeded();
    expect((await index.search({ query: 'JOSE NUN' })).contacts.map((c) => c.id)).toEqual([jose.id]);
  });

  it('follows edits and deletions without a rebuild', async () => {
    const { db, index, jonas, pilot } = await seeded();
    expect((await index.search({ query: 'jonas' })).contacts).toHaveLength(1);
    await updateRecord(
      db,
      'contact',
      jonas.id,
      { name: 'Jonas Becker', emails: ['jonas@nordlicht-logistik.de'] },
      NOW + 1,
    );
    expect((await index.search({ query: 'weber' })).contacts).toEqual([]);
    expect((await index.search({ query: 'becker' })).contacts.map((c) => c.id)).toEqual([jonas.id]);
    await deleteRecord(db, 'note', pilot.id, NOW + 2);
    expect((await index.search({ query: 'warehouse' })).notes).toEqual([]);
    const fresh = buildRecord('note', { subjectId: jonas.id, body: 'Warehouse visit moved to April.' }, by);
    await createRecord(db, fresh, NOW + 3);
    expect((await index.search({ query: 'warehouse april' })).notes.map((n) => n.id)).toEqual([fresh.id]);
  });

  it('returns nothing for a query without letters or digits, and refuses an oversized one', async () => {
    const { index } = await seeded();
    const results = await index.search({ query: ' -- ' });
    expect(results).toEqual({ query: ' -- ', accounts: [], contacts: [], notes: [], notesIndexing: null });
    await expect(index.search({ query: 'x'.repeat(501) })).rejects.toThrow();
  });

  it('caps results per kind, most relevant first', async () => {
    const { db, index } = await seeded();
    for (let i = 0; i < 30; i++)
      await createRecord(
        db,
        buildRecord(
          'contact',
          { name: `Weber ${i}`, emails: [`w${i}@example.org`] },
          { memberId: 'member-1', now: NOW + i },
        ),
        NOW + i,
      );
    const results = await index.search({ query: 'weber', limit: 5 });
    expect(results.contacts).toHaveLength(5);
    // The exact name token ranks with recency among equals: the newest of the Webers first.
    expect(results.contacts[0]!.name).toBe('Weber 29');
  });
});

describe('names beside the hits, from memory', () => {
  it('follow a rename and a deletion of the account or subject on the very next keystroke', async () => {
    const { db, index, nordlicht, jonas, pilot } = await seeded();
    await updateRecord(db, 'account', nordlicht.id, { name: 'Nordlicht Logistics SE' }, NOW + 1);
    expect((await index.search({ query: 'jonas' })).contacts[0]).toMatchObject({
      id: jonas.id,
      accountName: 'Nordlicht Logistics SE',
    });
    expect((await index.search({ query: 'warehouse pilot' })).notes[0]).toMatchObject({
      id: pilot.id,
      subject: { kind: 'account', id: nordlicht.id, name: 'Nordlicht Logistics SE' },
    });
    await deleteRecord(db, 'account', nordlicht.id, NOW + 2);
    expect((await index.search({ query: 'jonas' })).contacts[0]).toMatchObject({ id: jonas.id, accountName: null });
    expect((await index.search({ query: 'warehouse pilot' })).notes[0]).toMatchObject({ id: pilot.id, subject: null });
    // The same keystroke twice in a row, nothing changed in between: the same answer.
    expect(await index.search({ query: 'jonas' })).toEqual(await index.search({ query: 'jonas' }));
  });
});
