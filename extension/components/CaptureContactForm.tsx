import { useEffect, useState } from 'react';
import type { PagePerson } from '../../shared/page-context';
import type { SignatureFields } from '../../shared/signature';
import { useT } from '../i18n/react';
import { errorMessage } from '../ui/actions';
import { getDb } from '../lib/db';
import { captureContact, type AccountChoice } from '../ui/email-capture';
import { accountForAddress } from '../lib/queries';
import { sendMessage } from '../lib/messaging';
import type { Session } from '../lib/db';
import type { Account } from '../../shared/records';
import { bestEffort } from '../lib/best-effort';
import { ErrorLine } from './ErrorLine';

const SIGNATURE_TIMEOUT_MS = 2_000;

/** A company name from a domain when the signature named none: `portoverde.pt` → `Portoverde`. */
function nameFromDomain(domain: string): string {
  const label = domain.split('.')[0] ?? domain;
  return label.charAt(0).toUpperCase() + label.slice(1);
}

async function readSignature(tabId: number, person: PagePerson): Promise<SignatureFields> {
  const timeout = new Promise<SignatureFields>((resolve) => setTimeout(() => resolve({}), SIGNATURE_TIMEOUT_MS));
  const asked = bestEffort(
    'tab.signature',
    sendMessage('pageSignature', { email: person.email, name: person.name }, tabId),
    {},
  );
  return Promise.race([asked, timeout]);
}

type Matched = Awaited<ReturnType<typeof accountForAddress>>;

/**
 * "Add contact" from the open email: name and address from the header, title, phone and company
 * from the signature (parsed in the page), account by the address's domain. The rep reviews every
 * field before anything is saved.
 */
export function CaptureContactForm(props: {
  person: PagePerson;
  tabId: number;
  session: Session;
  source?: 'email' | 'page';
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  const { person } = props;
  const [loading, setLoading] = useState(true);
  const [name, setName] = useState(person.name || person.email.split('@')[0] || '');
  const [title, setTitle] = useState('');
  const [phone, setPhone] = useState('');
  const [matched, setMatched] = useState<Matched | null>(null);
  const [accountMode, setAccountMode] = useState<'existing' | 'new' | 'none'>('none');
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: read again for another person, not for a new object holding the same one
  useEffect(() => {
    let alive = true;
    void Promise.all([readSignature(props.tabId, person), accountForAddress(getDb(), person.email)]).then(
      ([signature, match]) => {
        if (!alive) return;
        if (signature.name && !person.name) setName(signature.name);
        setTitle(signature.title ?? '');
        setPhone(signature.phone ?? '');
        setMatched(match);
        setNewName(signature.company ?? (match.domain ? nameFromDomain(match.domain) : ''));
        setAccountMode(match.account ? 'existing' : match.domain && !match.freeMail ? 'new' : 'none');
        setLoading(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [person.email, person.name, props.tabId]);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const account: AccountChoice =
        accountMode === 'existing' && matched?.account
          ? { kind: 'existing', accountId: matched.account.id }
          : accountMode === 'new' && matched?.domain
            ? { kind: 'new', name: newName, domain: matched.domain }
            : { kind: 'none' };
      const result = await captureContact(
        getDb(),
        { name, email: person.email, title, phone, account, source: props.source ?? 'email' },
        { teamId: props.session.team.id, memberId: props.session.member.id, now: Date.now() },
      );
      void bestEffort('tab.refresh', sendMessage('pageRefresh', undefined, props.tabId));
      props.onDone(t(result.merged ? 'capture.merged' : 'capture.added', { name: result.contact.name }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const account: Account | undefined = matched?.account;
  return (
    <form className="card stack" aria-label={t('capture.form', { email: person.email })} onSubmit={save}>
      <strong>{t('email.addContact')}</strong>
      {loading ? (
        <p className="muted" role="status">
          {t(props.source === 'page' ? 'capture.matching' : 'capture.reading')}
        </p>
      ) : null}
      <label className="field">
        {t('field.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field">
        {t('field.email')}
        <input value={person.email} readOnly />
      </label>
      <label className="field">
        {t('field.title')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
      </label>
      <label className="field">
        {t('field.phone')}
        <input value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={200} />
      </label>
      <fieldset className="stack plain">
        <legend className="muted">{t('field.account')}</legend>
        {account ? (
          <label className="row">
            <input
              type="radio"
              name="account"
              checked={accountMode === 'existing'}
              onChange={() => setAccountMode('existing')}
            />{' '}
            <span className={`tier ${account.tier}`}>{account.tier}</span> {account.name}{' '}
            <span className="muted">{t('capture.matchedBy', { domain: matched?.domain ?? '' })}</span>
          </label>
        ) : null}
        {!account && matched?.domain && !matched.freeMail ? (
          <>
            <label className="row">
              <input
                type="radio"
                name="account"
                checked={accountMode === 'new'}
                onChange={() => setAccountMode('new')}
              />{' '}
              {t('capture.newAccountFor', { domain: matched.domain })}
            </label>
            {accountMode === 'new' ? (
              <label className="field">
                {t('capture.accountName')}
                <input value={newName} onChange={(e) => setNewName(e.target.value)} required maxLength={200} />
              </label>
            ) : null}
          </>
        ) : null}
        {matched?.freeMail ? <p className="muted">{t('capture.freeMail', { domain: matched.domain ?? '' })}</p> : null}
        <label className="row">
          <input type="radio" name="account" checked={accountMode === 'none'} onChange={() => setAccountMode('none')} />{' '}
          {t('capture.noAccount')}
        </label>
      </fieldset>
      <ErrorLine message={error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={saving || loading}>
          {saving ? t('common.saving') : t('capture.save')}
        </button>
        <button className="btn" type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
