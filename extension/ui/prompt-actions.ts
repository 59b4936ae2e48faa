import { buildRecord } from '../../shared/factories';
import { stableRecordId } from '../../shared/ids';
import { DAY_MS } from '../../shared/calendar';
import { snoozeKey, type Prompt } from '../../shared/prompts';
import type { Task } from '../../shared/records';
import { getDb, type Session } from '../lib/db';
import { createRecord, updateRecord } from './local-writes';

/** One state record per prompt key for the whole team (its id derives from the key), so snoozes merge. */
async function setState(
  session: Session,
  key: string,
  fields: { snoozedUntil?: number | null; doneAt?: number | null },
) {
  const db = getDb();
  const now = Date.now();
  const id = stableRecordId(session.team.id, 'prompt-state', key);
  const existing = await db.promptStates.get(id);
  if (existing && !existing.deleted) await updateRecord(db, 'promptState', id, fields, now);
  else
    await createRecord(
      db,
      buildRecord(
        'promptState',
        { key, ...fields },
        { memberId: session.member.id, now, id: existing ? undefined : id },
      ),
      now,
    );
}

export async function snoozePrompt(session: Session, prompt: Prompt, days: number) {
  await setState(session, snoozeKey(prompt), { snoozedUntil: Date.now() + days * DAY_MS });
}

/**
 * Done means the thing was done: a follow-up logs a touch, a task or complaint is closed, a review
 * moves to its next date; care dates and the rest are marked done for this occurrence.
 */
export async function completePrompt(session: Session, prompt: Prompt) {
  const db = getDb();
  const now = Date.now();
  const by = { memberId: session.member.id, now };
  if (prompt.rule === 'follow-up-due') {
    await createRecord(
      db,
      buildRecord(
        'interaction',
        { subjectIds: [prompt.subjectId], kind: 'other', at: now, summary: 'Follow-up done' },
        by,
      ),
      now,
    );
  } else if (prompt.rule === 'task-overdue' || prompt.rule === 'complaint-overdue') {
    await updateRecord(db, 'task', prompt.subjectId, { done: true, doneAt: now } satisfies Partial<Task>, now);
  } else if (prompt.rule === 'review-due') {
    const account = await db.accounts.get(prompt.subjectId);
    if (account?.reviewEvery)
      await updateRecord(db, 'account', account.id, { nextReviewAt: now + account.reviewEvery * DAY_MS }, now);
  }
  await setState(session, prompt.key, { doneAt: now });
}

/** Turns a prompt into a task on its subject, due tomorrow, assigned to the rep; `title` is the prompt's title as the rep reads it. */
export async function promptToTask(session: Session, prompt: Prompt, title: string) {
  const db = getDb();
  const now = Date.now();
  const [task, deal] = await Promise.all([db.tasks.get(prompt.subjectId), db.deals.get(prompt.subjectId)]);
  // A task about a task goes on that task's subject; one about a deal, on the deal's account.
  const subjectId = task ? task.subjectId : deal ? deal.accountId : prompt.subjectId;
  await createRecord(
    db,
    buildRecord(
      'task',
      {
        subjectId,
        title: title.slice(0, 200),
        dueAt: now + DAY_MS,
        assigneeId: session.member.id,
        originRule: prompt.rule,
        // A won deal's kickoff is a visit, with the team's checklist.
        ...(prompt.rule === 'deal-won-kickoff' ? { kind: 'visit' as const } : {}),
      },
      { memberId: session.member.id, now },
    ),
    now,
  );
  await setState(session, snoozeKey(prompt), { snoozedUntil: now + DAY_MS });
}
