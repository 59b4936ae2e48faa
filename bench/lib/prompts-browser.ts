/** Bundled into a page by bench/prompts.ts: generates a big team in the browser and times the prompt engine there. */
import { computePrompts, PromptEngine, type PromptClock, type PromptData } from '../../shared/prompts';
import type { Account, Contact, Deal, Interaction, Task } from '../../shared/records';
import { seededRandom } from './dataset';

const DAY = 86_400_000;

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '7';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Records shaped as the schemas make them (built directly: parsing 300k records is not what is measured). */
export function generateForBench(
  sizes: { accounts: number; contacts: number; interactions: number; tasks: number; deals?: number },
  now: number,
): PromptData {
  const random = seededRandom(3);
  const common = (at: number) => ({ id: uuid(random), createdAt: at, updatedAt: at, createdBy: 'me', deleted: false });
  const tiers = ['A', 'B', 'C'] as const;
  const accounts: Account[] = Array.from({ length: sizes.accounts }, (_, i) => ({
    ...common(now - 400 * DAY),
    type: 'account',
    name: `Account ${i}`,
    domains: [`account-${i}.example.com`],
    description: '',
    tier: tiers[i % 10 === 0 ? 0 : i % 3 === 0 ? 1 : 2]!,
    kind: null,
    ownerId: 'me',
    scores: {},
    revenue: null,
    reviewEvery: i % 10 === 0 ? 90 : null,
    nextReviewAt: null,
    importantDates: i % 50 === 0 ? [{ label: 'Renewal', date: `${String(1 + (i % 12)).padStart(2, '0')}-15` }] : [],
    tags: [],
    scoreHistory: [],
    reviews: [],
  }));
  const contacts: Contact[] = Array.from({ length: sizes.contacts }, (_, i) => ({
    ...common(now - 300 * DAY),
    type: 'contact',
    name: `Contact ${i}`,
    emails: [`c${i}@account-${i % sizes.accounts}.example.com`],
    phones: [],
    title: '',
    accountId: accounts[i % sizes.accounts]!.id,
    importantDates:
      i % 20 === 0
        ? [
            {
              label: 'Birthday',
              date: `${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
            },
          ]
        : [],
    tags: [],
    source: 'import',
  }));
  const interactions: Interaction[] = Array.from({ length: sizes.interactions }, (_, i) => ({
    ...common(now - 200 * DAY),
    type: 'interaction',
    subjectIds: [
      i % 2
        ? contacts[Math.floor(random() * contacts.length)]!.id
        : accounts[Math.floor(random() * accounts.length)]!.id,
    ],
    kind: 'call',
    at: now - Math.floor(random() * 180) * DAY,
    summary: '',
    reference: null,
    capturedText: null,
  }));
  const tasks: Task[] = Array.from({ length: sizes.tasks }, (_, i) => ({
    ...common(now - 30 * DAY),
    type: 'task',
    subjectId: accounts[Math.floor(random() * accounts.length)]!.id,
    title: `Task ${i}`,
    dueAt: now + (Math.floor(random() * 40) - 20) * DAY,
    assigneeId: i % 3 ? 'me' : 'mate',
    done: i % 4 === 0,
    originRule: null,
    kind: i % 25 === 0 ? 'complaint' : 'task',
    checklistId: null,
    stepsDone: [],
    doneAt: null,
  }));
  const stages = ['qualify', 'discover', 'propose', 'negotiate', 'commit'];
  const deals: Deal[] = Array.from({ length: sizes.deals ?? 0 }, (_, i) => {
    // Moved into its stage in the last month (a third of them are quiet past 21 days).
    const at = now - Math.floor(random() * 30) * DAY;
    const stageId = stages[i % stages.length]!;
    const status = i % 10 === 3 ? 'won' : i % 10 === 7 ? 'lost' : 'open';
    return {
      ...common(at),
      type: 'deal',
      name: `Deal ${i}`,
      accountId: accounts[i % accounts.length]!.id,
      contacts: [],
      ownerId: 'me',
      pipelineId: 'new-business',
      stageId,
      status,
      amount: Math.round(1_000 + random() * 99_000),
      currency: 'EUR',
      // Closing over the coming year; a tenth are past their date.
      closeDate: i % 10 === 1 ? '2026-10-15' : `2027-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15`,
      probability: null,
      lines: [],
      nextStep: '',
      nextStepDate: i % 3 ? '2026-12-01' : null,
      source: '',
      closedAt: status === 'open' ? null : at,
      closeReason: '',
      stageHistory: [{ at, by: 'me', stageId }],
    };
  });
  return { accounts, contacts, interactions, tasks, states: [], settings: undefined, deals };
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function runPromptBench(sizes: {
  accounts: number;
  contacts: number;
  interactions: number;
  tasks: number;
  deals?: number;
}) {
  const now = Date.UTC(2026, 10, 23, 9);
  const clock: PromptClock = { now, timeZone: 'Europe/Lisbon', memberId: 'me' };
  const data = generateForBench(sizes, now);
  const full: number[] = [];
  let count = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    count = computePrompts(data, clock).length;
    full.push(performance.now() - t);
  }
  const engine = new PromptEngine(data, clock);
  engine.prompts();
  const random = seededRandom(9);
  const incremental: number[] = [];
  for (let i = 0; i < 200; i++) {
    // One edit as a rep makes them: a logged call, a task done, or a tier change.
    const pick = i % 3;
    const t = performance.now();
    if (pick === 0) {
      const subject = data.contacts[Math.floor(random() * data.contacts.length)]!;
      engine.apply({
        ...data.interactions[0]!,
        id: uuid(random),
        subjectIds: [subject.id],
        at: now - Math.floor(random() * 30) * DAY,
      });
    } else if (pick === 1) {
      const task = data.tasks[Math.floor(random() * data.tasks.length)]!;
      engine.apply({ ...task, done: !task.done });
    } else {
      const account = data.accounts[Math.floor(random() * data.accounts.length)]!;
      engine.apply({ ...account, tier: account.tier === 'A' ? 'B' : 'A' });
    }
    engine.prompts();
    incremental.push(performance.now() - t);
  }
  return {
    prompts: count,
    fullMedian: percentile(full, 50),
    fullMax: Math.max(...full),
    fullRuns: full,
    incrementalP50: percentile(incremental, 50),
    incrementalP95: percentile(incremental, 95),
  };
}

(globalThis as unknown as { runPromptBench: typeof runPromptBench }).runPromptBench = runPromptBench;
