import { useLiveQuery } from 'dexie-react-hooks';
import { useT } from '../i18n/react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { TIERS, type Tier } from '../../shared/records';
import { registrableDomain } from '../../shared/normalize';
import { createFromUi, errorMessage } from '../ui/actions';
import { getDb } from '../lib/db';
import { useMembers, useMeta } from '../hooks/use-meta';
import { ErrorLine } from './ErrorLine';

export function Form(props: {
  label: string;
  onSubmit: () => Promise<void>;
  onCancel: () => void;
  children: ReactNode;
  submitText: string;
}) {
  const { t } = useT();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await props.onSubmit();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }
  return (
    <form className="card stack" aria-label={props.label} onSubmit={submit}>
      {props.children}
      <ErrorLine message={error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={saving}>
          {saving ? t('common.saving') : props.submitText}
        </button>
        <button className="btn" type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function AccountForm({ onDone }: { onDone: () => void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [domains, setDomains] = useState('');
  const [tier, setTier] = useState<Tier>('C');
  return (
    <Form
      label={t('forms.newAccount')}
      submitText={t('forms.addAccount')}
      onCancel={onDone}
      onSubmit={async () => {
        const list = domains
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((d) => registrableDomain(d) ?? d);
        await createFromUi('account', { name, domains: list, tier });
        onDone();
      }}
    >
      <label className="field">
        {t('field.name')}
        <input autoFocus value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field">
        {t('forms.domains')}
        <input value={domains} onChange={(e) => setDomains(e.target.value)} placeholder="example.com" />
      </label>
      <label className="field">
        {t('forms.tier')}
        <select value={tier} onChange={(e) => setTier(e.target.value as Tier)}>
          {TIERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
    </Form>
  );
}

export function ContactForm({ onDone, accountId }: { onDone: () => void; accountId?: string }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [title, setTitle] = useState('');
  const [account, setAccount] = useState(accountId ?? '');
  const accounts = useLiveQuery(
    () =>
      getDb()
        .accounts.orderBy('name')
        .filter((a) => !a.deleted)
        .toArray(),
    [],
    [],
  );
  return (
    <Form
      label={t('forms.newContact')}
      submitText={t('email.addContact')}
      onCancel={onDone}
      onSubmit={async () => {
        const emails = email.trim() ? [email.trim()] : [];
        await createFromUi('contact', { name, emails, title, accountId: account || null, source: 'manual' });
        onDone();
      }}
    >
      <label className="field">
        {t('field.name')}
        <input autoFocus value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field">
        {t('field.email')}
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label className="field">
        {t('field.title')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
      </label>
      <label className="field">
        {t('field.account')}
        <select value={account} onChange={(e) => setAccount(e.target.value)}>
          <option value="">{t('forms.none')}</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
    </Form>
  );
}

export function NoteComposer({ subjectId, autoFocus = false }: { subjectId: string; autoFocus?: boolean }) {
  const { t } = useT();
  const [body, setBody] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="stack"
      aria-label={t('forms.addNoteLabel')}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        // Clear at once so the next note can be typed while this one saves; give the text back on failure.
        const text = body;
        setBody('');
        try {
          await createFromUi('note', { subjectId, body: text, visibility: isPrivate ? 'private' : 'team' });
        } catch (err) {
          setBody(text);
          setError(errorMessage(err));
        }
      }}
    >
      <label className="field">
        {t('forms.newNote')}
        <textarea
          value={body}
          autoFocus={autoFocus}
          onChange={(e) => setBody(e.target.value)}
          placeholder={t('forms.notePlaceholder')}
        />
      </label>
      <ErrorLine message={error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={!body.trim()}>
          {t('forms.addNote')}
        </button>
        <label className="row muted">
          <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />{' '}
          {t('forms.onlyMe')}
        </label>
      </div>
    </form>
  );
}

export function TaskComposer({ subjectId, onDone }: { subjectId: string; onDone?: () => void }) {
  const { t } = useT();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [kind, setKind] = useState<'task' | 'complaint'>('task');
  const session = useMeta('session');
  const members = useMembers();
  const [assignee, setAssignee] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="stack"
      aria-label={t('forms.addTaskLabel')}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          // A date picked in the rep's day: due at the end of that local day.
          const dueAt = due ? new Date(`${due}T23:59:00`).getTime() : null;
          await createFromUi('task', {
            subjectId,
            title,
            dueAt,
            kind,
            assigneeId: assignee || session?.member.id || null,
          });
          setTitle('');
          setDue('');
          onDone?.();
        } catch (err) {
          setError(errorMessage(err));
        }
      }}
    >
      <label className="field">
        {t('forms.newTask')}
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={t('forms.taskPlaceholder')}
          maxLength={200}
        />
      </label>
      <div className="row">
        <label className="field">
          {t('forms.due')}
          <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
        <label className="field">
          {t('forms.for')}
          <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="">{t('email.you')}</option>
            {(members?.list ?? [])
              .filter((m) => m.id !== session?.member.id)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          {t('forms.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as 'task' | 'complaint')}>
            <option value="task">{t('forms.nextStep')}</option>
            <option value="complaint">{t('forms.complaint')}</option>
          </select>
        </label>
      </div>
      <ErrorLine message={error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={!title.trim()}>
          {t('forms.addTask')}
        </button>
      </div>
    </form>
  );
}
