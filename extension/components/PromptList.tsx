import type { Prompt, PromptAction } from '../../shared/prompts';
import { useAction } from '../hooks/use-action';
import type { Session } from '../lib/db';
import { completePrompt, promptToTask, snoozePrompt } from '../lib/prompt-actions';

const WHEN_LABEL = { overdue: 'Overdue', today: 'Today', upcoming: 'Upcoming' } as const;

/** Actions that need the place the prompt is shown in (the email, the capture form, the visit). */
export type PromptHandlers = Partial<Record<Extract<PromptAction, 'log-email' | 'add-contact' | 'open-visit' | 'review'>, (prompt: Prompt) => void>>;

function PromptRow({ prompt, session, handlers }: { prompt: Prompt; session: Session; handlers: PromptHandlers }) {
  const { run, busy, status } = useAction();
  const label = prompt.title;
  return (
    <li className={`prompt ${prompt.when}`} data-rule={prompt.rule}>
      <div className="row">
        {prompt.tier ? <span className={`tier ${prompt.tier}`}>{prompt.tier}</span> : null}
        <strong className="prompt-title">{prompt.title}</strong>
        <span className={`badge when-${prompt.when}`}>{WHEN_LABEL[prompt.when]}</span>
      </div>
      <div className="muted small reason">{prompt.reason}</div>
      <div className="row">
        {prompt.actions.map((action) => {
          switch (action) {
            case 'done':
              return <button key={action} className="btn small" type="button" disabled={busy} aria-label={`Done: ${label}`} onClick={() => void run(() => completePrompt(session, prompt))}>Done</button>;
            case 'snooze':
              return (
                <select key={action} className="btn small" aria-label={`Snooze: ${label}`} disabled={busy} value="" onChange={(e) => { const days = Number(e.target.value); if (days) void run(() => snoozePrompt(session, prompt, days)); }}>
                  <option value="">Snooze…</option>
                  <option value="1">1 day</option>
                  <option value="3">3 days</option>
                  <option value="7">1 week</option>
                </select>
              );
            case 'make-task':
              return <button key={action} className="btn small" type="button" disabled={busy} aria-label={`Make a task: ${label}`} onClick={() => void run(() => promptToTask(session, prompt))}>Make a task</button>;
            default: {
              const handler = handlers[action];
              const text = { 'log-email': 'Log it', 'add-contact': 'Add contact', 'open-visit': 'Open the visit', review: 'Review' }[action];
              return handler ? <button key={action} className="btn small primary" type="button" disabled={busy} onClick={() => handler(prompt)}>{text}</button> : null;
            }
          }
        })}
      </div>
      {status}
    </li>
  );
}

/** Next-step prompts with their reasons and actions. */
export function PromptList({ prompts, session, handlers = {}, empty, label = 'Next-step prompts' }: { prompts: Prompt[] | undefined; session: Session; handlers?: PromptHandlers; empty?: string; label?: string }) {
  if (prompts === undefined) return <p className="muted" role="status">Working out next steps…</p>;
  if (prompts.length === 0) return empty ? <p className="muted">{empty}</p> : null;
  return (
    <ul className="list prompts" aria-label={label} data-testid="prompts">
      {prompts.map((p) => <PromptRow key={p.key} prompt={p} session={session} handlers={handlers} />)}
    </ul>
  );
}
