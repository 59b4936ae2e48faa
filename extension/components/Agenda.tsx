import type { Prompt } from '../../shared/prompts';
import { useAgenda } from '../hooks/use-agenda';
import type { Session } from '../lib/db';
import { PromptList } from './PromptList';
import { useT } from '../i18n/react';

const SECTIONS = [
  ['overdue', 'agenda.overdue'],
  ['today', 'agenda.today'],
  ['upcoming', 'agenda.upcoming'],
] as const;

/** The rep's agenda: every prompt for today, overdue first, by priority and tier. */
export function Agenda({
  session,
  onOpenAccount,
  onOpenVisit,
  limit,
}: {
  session: Session;
  onOpenAccount: (id: string) => void;
  onOpenVisit: (taskId: string) => void;
  limit?: number;
}) {
  // Kept current one change at a time, and as the clock moves on (the store ticks each minute).
  const { t } = useT();
  const prompts = useAgenda(session.member.id);
  const handlers = {
    'open-visit': (p: Prompt) => onOpenVisit(p.subjectId),
    review: (p: Prompt) => onOpenAccount(p.subjectId),
  };
  if (prompts === undefined)
    return (
      <p className="muted" role="status">
        {t('agenda.loading')}
      </p>
    );
  if (prompts.length === 0) return <p className="empty">{t('agenda.empty')}</p>;
  const shown = limit ? prompts.slice(0, limit) : prompts;
  return (
    <section className="stack" aria-label={t('agenda.label')} data-testid="agenda">
      {SECTIONS.map(([when, key]) => {
        const title = t(key);
        const items = shown.filter((p) => p.when === when);
        return items.length ? (
          <section key={when} className="stack" aria-label={title}>
            <h3>
              {title} <span className="muted">({prompts.filter((p) => p.when === when).length})</span>
            </h3>
            <PromptList prompts={items} session={session} handlers={handlers} label={title} />
          </section>
        ) : null;
      })}
      {limit && prompts.length > limit ? (
        <p className="muted">{t('agenda.more', { count: prompts.length - limit })}</p>
      ) : null}
    </section>
  );
}
