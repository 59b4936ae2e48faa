import type { Prompt, PromptAction } from '../../shared/prompts';
import { useT } from '../i18n/react';
import { useAction } from '../hooks/use-action';
import type { Session } from '../lib/db';
import { completePrompt, promptToTask, snoozePrompt } from '../ui/prompt-actions';
import { useOpenDeal } from '../hooks/use-deals';

const WHEN_LABEL = { overdue: 'agenda.overdue', today: 'agenda.today', upcoming: 'agenda.upcoming' } as const;

/** Actions that need the place the prompt is shown in (the email, the capture form, the visit). */
export type PromptHandlers = Partial<
  Record<Extract<PromptAction, 'log-email' | 'add-contact' | 'open-visit' | 'review'>, (prompt: Prompt) => void>
>;

function PromptRow({ prompt, session, handlers }: { prompt: Prompt; session: Session; handlers: PromptHandlers }) {
  const { t, words } = useT();
  const { run, busy, status } = useAction();
  const label = words(prompt.title);
  const openDeal = useOpenDeal();
  return (
    <li className={`prompt ${prompt.when}`} data-rule={prompt.rule}>
      <div className="row">
        {prompt.tier ? <span className={`tier ${prompt.tier}`}>{prompt.tier}</span> : null}
        <strong className="prompt-title">{label}</strong>
        <span className={`badge when-${prompt.when}`}>{t(WHEN_LABEL[prompt.when])}</span>
      </div>
      <div className="muted small reason">{words(prompt.reason)}</div>
      <div className="row">
        {prompt.actions.map((action) => {
          switch (action) {
            case 'done':
              return (
                <button
                  key={action}
                  className="btn small"
                  type="button"
                  disabled={busy}
                  aria-label={t('prompt.doneFor', { label })}
                  onClick={() => void run(() => completePrompt(session, prompt))}
                >
                  {t('prompt.done')}
                </button>
              );
            case 'snooze':
              return (
                <select
                  key={action}
                  className="btn small"
                  aria-label={t('prompt.snoozeFor', { label })}
                  disabled={busy}
                  value=""
                  onChange={(e) => {
                    const days = Number(e.target.value);
                    if (days) void run(() => snoozePrompt(session, prompt, days));
                  }}
                >
                  <option value="">{t('prompt.snooze')}</option>
                  <option value="1">{t('prompt.day')}</option>
                  <option value="3">{t('prompt.days3')}</option>
                  <option value="7">{t('prompt.week')}</option>
                </select>
              );
            case 'open-deal':
              return openDeal ? (
                <button
                  key={action}
                  className="btn small primary"
                  type="button"
                  aria-label={t('prompt.openDealFor', { label })}
                  onClick={() => openDeal(prompt.subjectId)}
                >
                  {t('prompt.openDeal')}
                </button>
              ) : null;
            case 'make-task':
              return (
                <button
                  key={action}
                  className="btn small"
                  type="button"
                  disabled={busy}
                  aria-label={t('prompt.makeTaskFor', { label })}
                  onClick={() => void run(() => promptToTask(session, prompt, label))}
                >
                  {t('prompt.makeTask')}
                </button>
              );
            default: {
              const handler = handlers[action];
              const text = t(
                (
                  {
                    'log-email': 'prompt.logIt',
                    'add-contact': 'email.addContact',
                    'open-visit': 'prompt.openVisit',
                    review: 'prompt.review',
                  } as const
                )[action],
              );
              return handler ? (
                <button
                  key={action}
                  className="btn small primary"
                  type="button"
                  disabled={busy}
                  onClick={() => handler(prompt)}
                >
                  {text}
                </button>
              ) : null;
            }
          }
        })}
      </div>
      {status}
    </li>
  );
}

/** Next-step prompts with their reasons and actions. */
export function PromptList({
  prompts,
  session,
  handlers = {},
  empty,
  label,
}: {
  prompts: Prompt[] | undefined;
  session: Session;
  handlers?: PromptHandlers;
  empty?: string;
  label?: string;
}) {
  const { t } = useT();
  if (prompts === undefined)
    return (
      <p className="muted" role="status">
        {t('prompt.loading')}
      </p>
    );
  if (prompts.length === 0) return empty ? <p className="muted">{empty}</p> : null;
  return (
    <ul className="list prompts" aria-label={label ?? t('prompt.listLabel')} data-testid="prompts">
      {prompts.map((p) => (
        <PromptRow key={p.key} prompt={p} session={session} handlers={handlers} />
      ))}
    </ul>
  );
}
