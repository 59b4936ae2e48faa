import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { Prompt } from '../../shared/prompts';
import { getDb, type Session } from '../lib/db';
import { agendaPrompts } from '../lib/prompt-data';
import { PromptList } from './PromptList';

const SECTIONS = [
  ['overdue', 'Overdue'],
  ['today', 'Today'],
  ['upcoming', 'Coming up'],
] as const;

/** The rep's agenda: every prompt for today, overdue first, by priority and tier. */
export function Agenda({ session, onOpenAccount, onOpenVisit, limit }: { session: Session; onOpenAccount: (id: string) => void; onOpenVisit: (taskId: string) => void; limit?: number }) {
  // Recompute when the day changes, not only when data does.
  const [day, setDay] = useState(() => new Date().toDateString());
  useEffect(() => {
    const timer = setInterval(() => setDay(new Date().toDateString()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const prompts = useLiveQuery(() => agendaPrompts(getDb(), session.member.id), [session.member.id, day]);
  const handlers = {
    'open-visit': (p: Prompt) => onOpenVisit(p.subjectId),
    review: (p: Prompt) => onOpenAccount(p.subjectId),
  };
  if (prompts === undefined) return <p className="muted" role="status">Working out today’s next steps…</p>;
  if (prompts.length === 0) return <p className="empty">Nothing due. Every key account is looked after.</p>;
  const shown = limit ? prompts.slice(0, limit) : prompts;
  return (
    <section className="stack" aria-label="Agenda" data-testid="agenda">
      {SECTIONS.map(([when, title]) => {
        const items = shown.filter((p) => p.when === when);
        return items.length ? (
          <section key={when} className="stack" aria-label={title}>
            <h3>{title} <span className="muted">({prompts.filter((p) => p.when === when).length})</span></h3>
            <PromptList prompts={items} session={session} handlers={handlers} label={title} />
          </section>
        ) : null;
      })}
      {limit && prompts.length > limit ? <p className="muted">and {prompts.length - limit} more in the side panel.</p> : null}
    </section>
  );
}
