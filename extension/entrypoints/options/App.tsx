import { useState } from 'react';
import { SyncStatusLine } from '../../components/SyncStatusLine';
import { InternalDomainsSetting, OverlaySiteSwitches, PageSiteAccess } from '../../components/SiteSettings';
import { TeamSettingsForm } from '../../components/TeamSettingsForm';
import { PipelineSettings } from '../../components/PipelineSettings';
import { TeamAdmin } from '../../components/TeamAdmin';
import { Shortcuts } from '../../components/Shortcuts';
import { ImportExport } from '../../components/ImportExport';
import { DealImport } from '../../components/DealImport';
import { useMeta } from '../../hooks/use-meta';
import { errorMessage } from '../../ui/actions';
import { sendMessage } from '../../lib/messaging';
import { parseInviteLink } from '../../../shared/invite-link';
import { useT } from '../../i18n/react';
import { LanguageSetting } from '../../components/LanguageSetting';
import { Diagnostics } from '../../components/Diagnostics';
import { ErrorLine } from '../../components/ErrorLine';

const DEFAULT_SERVER = import.meta.env.MODE === 'production' ? '' : 'http://127.0.0.1:8787';

function SignInForm() {
  const { t } = useT();
  const [serverUrl, setServerUrl] = useState(DEFAULT_SERVER);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card stack"
      aria-label={t('signIn.form')}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await sendMessage('signIn', { serverUrl, code, name });
        } catch (err) {
          setError(errorMessage(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 style={{ margin: 0, fontSize: 16 }}>{t('signIn.title')}</h2>
      <label className="field">
        {t('signIn.server')}
        <input
          value={serverUrl}
          onChange={(e) => setServerUrl(e.target.value)}
          placeholder="https://margin.example.workers.dev"
          required
        />
      </label>
      <label className="field">
        {t('signIn.code')}
        <input
          value={code}
          onChange={(e) => {
            // A pasted invite link brings its server address with it.
            const link = parseInviteLink(e.target.value);
            if (link) setServerUrl(link.serverUrl);
            setCode(link ? link.code : e.target.value);
          }}
          placeholder={t('signIn.codePlaceholder')}
          autoComplete="one-time-code"
          required
        />
      </label>
      <label className="field">
        {t('signIn.name')}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('signIn.namePlaceholder')}
          required
          maxLength={100}
        />
      </label>
      <ErrorLine message={error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </div>
      <p className="muted">{t('signIn.help')}</p>
    </form>
  );
}

export function App() {
  const { t } = useT();
  const session = useMeta('session');
  return (
    <div className="app" style={{ maxWidth: 560, margin: '0 auto' }}>
      <header className="bar">
        <h1>{t('options.title')}</h1>
      </header>
      <main>
        {session === undefined ? <p className="muted">{t('common.loading')}</p> : null}
        {session === null ? <SignInForm /> : null}
        {session ? (
          <section className="card stack" aria-label={t('options.account')}>
            <div data-testid="signed-in">
              {t('options.signedIn', {
                team: session.team.name,
                name: session.member.name,
                role: t(`role.${session.member.role}`),
              })}
            </div>
            <div className="muted">{t('options.server', { url: session.serverUrl })}</div>
            <SyncStatusLine />
            <div className="row">
              <button className="btn" type="button" onClick={() => void sendMessage('signOut', undefined)}>
                {t('options.signOut')}
              </button>
            </div>
          </section>
        ) : null}
        {session ? <TeamAdmin session={session} /> : null}
        {session ? <ImportExport session={session} /> : null}
        {session ? <DealImport session={session} /> : null}
        {session ? <InternalDomainsSetting /> : null}
        {session ? <TeamSettingsForm /> : null}
        {session ? <PipelineSettings session={session} /> : null}
        <OverlaySiteSwitches />
        <PageSiteAccess />
        <Shortcuts />
        <LanguageSetting />
        <Diagnostics />
      </main>
    </div>
  );
}
