import { buildRecord } from '../../shared/factories';
import type { AnyRecord } from '../../shared/records';

/** mulberry32: a small, fast, seeded PRNG so every run benchmarks the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'order delivery renewal budget visit call quote samples packaging forecast warehouse Lisbon Hamburg Seoul Shenzhen price margin volume contract 采购 发货 合同 구매 납품 계약'.split(
    ' ',
  );

/**
 * A seeded team of `count` records: 10% accounts, 40% contacts, 35% notes of 0.2–4 KB, 15% tasks
 * (the mix issue 3 asks for). Ids are UUIDv7 as the extension makes them.
 */
export function generateTeam(count: number, memberId: string, seed = 42): AnyRecord[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const now = Date.UTC(2026, 10, 1);
  const by = () => ({ memberId, now: now - Math.floor(random() * 365) * 86_400_000 });
  const text = (bytes: number) => {
    let out = '';
    while (out.length < bytes) out += `${pick(WORDS)} `;
    return out.slice(0, bytes).trim() || 'note';
  };
  const accounts = Array.from({ length: Math.round(count * 0.1) }, (_, i) =>
    buildRecord(
      'account',
      {
        name: `Account ${i} ${pick(WORDS)}`,
        domains: [`account-${i}.example.com`],
        tier: pick(['A', 'B', 'C'] as const),
      },
      by(),
    ),
  );
  const contacts = Array.from({ length: Math.round(count * 0.4) }, (_, i) =>
    buildRecord(
      'contact',
      {
        name: `Contact ${i}`,
        emails: [`contact${i}@account-${i % accounts.length}.example.com`],
        title: pick(WORDS),
        accountId: accounts[i % accounts.length]!.id,
      },
      by(),
    ),
  );
  const subjects = [...accounts, ...contacts];
  const notes = Array.from({ length: Math.round(count * 0.35) }, () =>
    buildRecord('note', { subjectId: pick(subjects).id, body: text(200 + Math.floor(random() * 3800)) }, by()),
  );
  const tasks = Array.from({ length: count - accounts.length - contacts.length - notes.length }, () =>
    buildRecord(
      'task',
      {
        subjectId: pick(accounts).id,
        title: `Follow up on ${pick(WORDS)}`,
        dueAt: now + Math.floor(random() * 60) * 86_400_000,
      },
      by(),
    ),
  );
  return [...accounts, ...contacts, ...notes, ...tasks];
}
