import { useLiveQuery } from 'dexie-react-hooks';
import { useT } from '../i18n/react';
import { useEffect, useState } from 'react';
import { buildRecord } from '../../shared/factories';
import { DEFAULT_CHECKLISTS, type Account } from '../../shared/records';
import { errorMessage } from '../ui/actions';
import { getDb, type Session } from '../lib/db';
import { formatDate } from '../ui/format';
import { createRecord, updateRecord } from '../ui/local-writes';
import { teamSettings } from '../lib/team-settings';
import { ErrorLine } from './ErrorLine';

/** Plans a visit to an account: a dated task that walks one of the team's checklists. */
export function PlanVisit({ account, session }: { account: Account; session: Session }) {
  const { t } = useT();
  const checklists = useLiveQuery(async () => (await teamSettings(getDb()))?.checklists ?? DEFAULT_CHECKLISTS, []);
  const [open, setOpen] = useState(false);
  const [checklistId, setChecklistId] = useState('');
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<string | null>(null);
  if (!checklists?.length) return null;
  if (!open)
    return (
      <button className="btn small" type="button" onClick={() => setOpen(true)}>
        {t('visit.plan')}
      </button>
    );
  const chosen = checklists.find((c) => c.id === checklistId) ?? checklists[0]!;
  return (
    <form
      className="card stack"
      aria-label={t('visit.plan')}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          const now = Date.now();
          await createRecord(
            getDb(),
            buildRecord(
              'task',
              {
                subjectId: account.id,
                title: t('visit.title', { checklist: chosen.name, account: account.name }),
                kind: 'visit',
                checklistId: chosen.id,
                dueAt: new Date(`${date}T09:00:00`).getTime(),
                assigneeId: session.member.id,
              },
              { memberId: session.member.id, now },
            ),
            now,
          );
          setOpen(false);
        } catch (err) {
          setError(errorMessage(err));
        }
      }}
    >
      <label className="field">
        {t('visit.checklist')}
        <select value={chosen.id} onChange={(e) => setChecklistId(e.target.value)}>
          {checklists.map((c) => (
            <option key={c.id} value={c.id}>
              {t('visit.checklistOption', { name: c.name, count: c.steps.length })}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('visit.day')}
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
      </label>
      <ErrorLine message={error} />
      <div className="row">
        <button className="btn primary" type="submit">
          {t('visit.submit')}
        </button>
        <button className="btn" type="button" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Walks a planned visit's checklist step by step; finishing records the visit as an interaction. */
export function VisitView({ taskId, session, onDone }: { taskId: string; session: Session; onDone: () => void }) {
  const { t } = useT();
  const data = useLiveQuery(async () => {
    const db = getDb();
    const task = await db.tasks.get(taskId);
    if (!task) return null;
    const settings = await teamSettings(db);
    const subject = (await db.accounts.get(task.subjectId)) ?? (await db.contacts.get(task.subjectId));
    return {
      task,
      subject,
      checklist: (settings?.checklists ?? DEFAULT_CHECKLISTS).find((c) => c.id === task.checklistId),
    };
  }, [taskId]);
  const [error, setError] = useState<string | null>(null);
  // Ticks show at once; the saved list catches up a moment later.
  const [ticked, setTicked] = useState<number[] | null>(null);
  const saved = data?.task.stepsDone;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the saved list changing (by value) is the trigger
  useEffect(() => setTicked(null), [saved?.join(',')]);
  if (data === undefined) return <p className="muted">{t('common.loading')}</p>;
  if (data === null || data.task.deleted) return <p className="empty">{t('visit.deleted')}</p>;
  const { subject, checklist } = data;
  const task = { ...data.task, stepsDone: ticked ?? data.task.stepsDone };
  const steps = checklist?.steps ?? [];
  const doneCount = task.stepsDone.filter((i) => i < steps.length).length;
  async function toggle(index: number, checked: boolean) {
    setError(null);
    try {
      const stepsDone = checked
        ? [...new Set([...task.stepsDone, index])].sort((a, b) => a - b)
        : task.stepsDone.filter((i) => i !== index);
      setTicked(stepsDone);
      await updateRecord(getDb(), 'task', task.id, { stepsDone });
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function finish() {
    setError(null);
    try {
      const now = Date.now();
      const db = getDb();
      const done = steps.filter((_, i) => task.stepsDone.includes(i));
      const summary = `${t('visit.summary', { name: checklist?.name ?? t('visit.visit'), done: done.length, total: steps.length })}${done.length < steps.length ? ` ${t('visit.skipped', { steps: steps.filter((_, i) => !task.stepsDone.includes(i)).join(', ') })}` : ''}`;
      await createRecord(
        db,
        buildRecord(
          'interaction',
          { subjectIds: [task.subjectId], kind: 'visit', at: now, summary: summary.slice(0, 2000) },
          { memberId: session.member.id, now },
        ),
        now,
      );
      await updateRecord(db, 'task', task.id, { done: true, doneAt: now }, now);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <article className="stack" aria-label={t('visit.label', { name: subject?.name ?? '' })} data-testid="visit">
      <h2 style={{ margin: 0, fontSize: 17 }}>{task.title}</h2>
      <div className="muted">
        {task.dueAt ? `${t('visit.plannedFor', { date: formatDate(task.dueAt) })} · ` : ''}
        {t('visit.progress', { done: doneCount, total: steps.length })}
      </div>
      <progress className="progress" max={steps.length || 1} value={doneCount} aria-label={t('visit.progressLabel')} />
      {task.done ? <p className="ok">{t('visit.finished')}</p> : null}
      <ol className="list checklist">
        {steps.map((step, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a checklist step is its position (stepsDone stores positions)
          <li key={i}>
            <label className="row">
              <input
                type="checkbox"
                checked={task.stepsDone.includes(i)}
                disabled={task.done}
                onChange={(e) => void toggle(i, e.target.checked)}
              />{' '}
              {step}
            </label>
          </li>
        ))}
      </ol>
      {!steps.length ? <p className="muted">{t('visit.noChecklist')}</p> : null}
      <ErrorLine message={error} />
      {!task.done ? (
        <div className="row">
          <button className="btn primary" type="button" onClick={() => void finish()}>
            {t('visit.finish')}
          </button>
        </div>
      ) : null}
    </article>
  );
}
