import { useLiveQuery } from 'dexie-react-hooks';
import { useT } from '../i18n/react';
import { useState } from 'react';
import { getDb } from '../lib/db';
import type { Task } from '../../shared/records';
import { updateFromUi, errorMessage } from '../ui/actions';
import { useMeta } from '../hooks/use-meta';
import { formatDate, formatRelative, safeHref } from '../ui/format';
import { NoteComposer, TaskComposer } from './forms';
import { ErrorLine } from './ErrorLine';

/** Open tasks, latest interactions and the team's notes about one or more records. */
export function Activity({
  subjectIds: given,
  label,
  withAccountPeople = false,
}: {
  subjectIds: string[];
  label: string;
  withAccountPeople?: boolean;
}) {
  const { t } = useT();
  const key = given.join(',');
  const data = useLiveQuery(async () => {
    const db = getDb();
    // An account's history includes what happened with its people.
    const people = withAccountPeople ? await db.contacts.where('accountId').anyOf(given).primaryKeys() : [];
    const subjectIds = [...given, ...people];
    const [tasks, notes, interactions] = await Promise.all([
      db.tasks
        .where('subjectId')
        .anyOf(subjectIds)
        .filter((t) => !t.done && !t.deleted)
        .toArray(),
      db.notes
        .where('subjectId')
        .anyOf(subjectIds)
        .filter((n) => !n.deleted)
        .toArray(),
      db.interactions
        .where('subjectIds')
        .anyOf(subjectIds)
        .filter((i) => !i.deleted)
        .toArray(),
    ]);
    const unique = [...new Map(interactions.map((i) => [i.id, i])).values()];
    return {
      tasks: tasks.sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity)),
      notes: notes.sort((a, b) => b.createdAt - a.createdAt).slice(0, 3),
      noteCount: notes.length,
      interactions: unique.sort((a, b) => b.at - a.at).slice(0, 3),
    };
  }, [key, withAccountPeople]);
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  const now = Date.now();
  return (
    <section className="stack small" aria-label={label}>
      {data.tasks.length ? (
        <ul className="list" aria-label={t('activity.openSteps')}>
          {data.tasks.map((t) => (
            <TaskItem key={t.id} task={t} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('activity.noSteps')}</p>
      )}
      {data.interactions.length ? (
        <ul className="list" aria-label={t('activity.lastInteractions')}>
          {data.interactions.map((i) => (
            <li key={i.id}>
              <span className="muted">
                {formatRelative(i.at, now)} · {i.kind}
              </span>{' '}
              {i.summary}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('activity.noInteractions')}</p>
      )}
      {data.notes.length ? (
        <ul className="list" aria-label={t('activity.teamNotes')}>
          {data.notes.map((n) => (
            <li key={n.id} className="note">
              {n.body}
              <div className="meta">
                {formatRelative(n.createdAt, now)}
                {n.visibility === 'private' ? ' · only you' : ''}
              </div>
            </li>
          ))}
          {data.noteCount > data.notes.length ? (
            <li className="muted">{t('activity.moreNotes', { count: data.noteCount - data.notes.length })}</li>
          ) : null}
        </ul>
      ) : null}
    </section>
  );
}

/** "+ Note" and "+ Task" in place, for a contact or an account. */
export function AddInPlace({ subjectId, name }: { subjectId: string; name: string }) {
  const { t } = useT();
  const [open, setOpen] = useState<'note' | 'task' | null>(null);
  return (
    <div className="stack">
      <div className="row">
        <button
          className="btn small"
          type="button"
          aria-expanded={open === 'note'}
          aria-label={t('activity.addNoteAbout', { name })}
          onClick={() => setOpen(open === 'note' ? null : 'note')}
        >
          {t('activity.addNote')}
        </button>
        <button
          className="btn small"
          type="button"
          aria-expanded={open === 'task'}
          aria-label={t('activity.addTaskFor', { name })}
          onClick={() => setOpen(open === 'task' ? null : 'task')}
        >
          {t('activity.addTask')}
        </button>
      </div>
      {open === 'note' ? <NoteComposer subjectId={subjectId} /> : null}
      {open === 'task' ? <TaskComposer subjectId={subjectId} onDone={() => setOpen(null)} /> : null}
    </div>
  );
}

/** The interactions logged with a record, newest first (emails link back to their thread). */
export function Interactions({ subjectId }: { subjectId: string }) {
  const { t } = useT();
  const items = useLiveQuery(
    async () =>
      (
        await getDb()
          .interactions.where('subjectIds')
          .equals(subjectId)
          .filter((i) => !i.deleted)
          .toArray()
      )
        .sort((a, b) => b.at - a.at)
        .slice(0, 20),
    [subjectId],
  );
  return (
    <section className="stack" aria-label={t('activity.interactions')}>
      <h3>{t('activity.interactions')}</h3>
      {items === undefined ? <p className="muted">{t('common.loading')}</p> : null}
      {items?.length === 0 ? <p className="muted">{t('activity.noInteractions')}</p> : null}
      <ul className="list" data-testid="interactions">
        {items?.map((i) => (
          <li key={i.id}>
            <span className="muted">
              {formatDate(i.at)} · {i.kind}
            </span>{' '}
            {i.reference && safeHref(i.reference.link) ? (
              <a href={safeHref(i.reference.link)} target="_blank" rel="noreferrer noopener">
                {i.summary || i.reference.subject}
              </a>
            ) : (
              i.summary
            )}
            {i.reference ? <div className="muted small">{i.reference.participants.join(', ')}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** An open task: its title, who it is for and when, and a box to tick it done. */
export function TaskItem({ task }: { task: Task }) {
  const { t } = useT();
  const members = useMeta('members');
  const session = useMeta('session');
  const [error, setError] = useState<string | null>(null);
  const now = Date.now();
  const assignee =
    task.assigneeId === null
      ? null
      : task.assigneeId === session?.member.id
        ? t('email.you')
        : (members?.list.find((m) => m.id === task.assigneeId)?.name ?? t('email.teammate'));
  return (
    <li className={task.dueAt !== null && task.dueAt < now ? 'overdue' : ''}>
      <label className="row">
        <input
          type="checkbox"
          checked={task.done}
          aria-label={t('prompt.doneFor', { label: task.title })}
          onChange={(e) =>
            void updateFromUi('task', task.id, {
              done: e.target.checked,
              doneAt: e.target.checked ? Date.now() : null,
            }).catch((err: unknown) => setError(errorMessage(err)))
          }
        />
        <span>{task.kind === 'complaint' ? t('task.complaint', { title: task.title }) : task.title}</span>
        <span className="muted">
          {[
            assignee ? t('task.for', { name: assignee }) : null,
            task.dueAt !== null
              ? t(task.dueAt < now ? 'task.overdueSince' : 'task.due', { date: formatDate(task.dueAt) })
              : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </label>
      <ErrorLine message={error} />
    </li>
  );
}
