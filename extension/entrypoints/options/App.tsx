import { useState } from 'react';
import { SyncStatusLine } from '../../components/SyncStatusLine';
import { InternalDomainsSetting, OverlaySiteSwitches, PageSiteAccess } from '../../components/SiteSettings';
import { TeamSettingsForm } from '../../components/TeamSettingsForm';
import { TeamAdmin } from '../../components/TeamAdmin';
import { Shortcuts } from '../../components/Shortcuts';
import { ImportExport } from '../../components/ImportExport';
import { useMeta } from '../../hooks/use-meta';
import { errorMessage } from '../../lib/actions';
import { sendMessage } from '../../lib/messaging';
import { parseInviteLink } from '../../../shared/invite-link';

const DEFAULT_SERVER = import.meta.env.MODE === 'production' ? '' : 'http://127.0.0.1:8787';

function SignInForm() {
  const [serverUrl, setServerUrl] = useState(DEFAULT_SERVER);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card stack"
      aria-label="Sign in"
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
      <h2 style={{ margin: 0, fontSize: 16 }}>Sign in to your team</h2>
      <label className="field">Server address<input value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://margin.example.workers.dev" required /></label>
      <label className="field">Sign-in code or invite link<input
        value={code}
        onChange={(e) => {
          // A pasted invite link brings its server address with it.
          const link = parseInviteLink(e.target.value);
          if (link) setServerUrl(link.serverUrl);
          setCode(link ? link.code : e.target.value);
        }}
        placeholder="XXXXX-XXXXX, or https://…/join#code=…"
        autoComplete="one-time-code"
        required
      /></label>
      <label className="field">Your name<input value={name} onChange={(e) => setName(e.target.value)} placeholder="As your team will see it" required maxLength={100} /></label>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <div className="row"><button className="btn primary" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button></div>
      <p className="muted">Ask your team’s owner or admin for a sign-in code or an invite link. Each works once.</p>
    </form>
  );
}

export function App() {
  const session = useMeta('session');
  return (
    <div className="app" style={{ maxWidth: 560, margin: '0 auto' }}>
      <header className="bar"><h1>Margin options</h1></header>
      <main>
        {session === undefined ? <p className="muted">Loading…</p> : null}
        {session === null ? <SignInForm /> : null}
        {session ? (
          <section className="card stack" aria-label="Account">
            <div data-testid="signed-in">Signed in to <strong>{session.team.name}</strong> as {session.member.name} ({session.member.role})</div>
            <div className="muted">Server: {session.serverUrl}</div>
            <SyncStatusLine />
            <div className="row"><button className="btn" type="button" onClick={() => void sendMessage('signOut', undefined)}>Sign out</button></div>
          </section>
        ) : null}
        {session ? <TeamAdmin session={session} /> : null}
        {session ? <ImportExport session={session} /> : null}
        {session ? <InternalDomainsSetting /> : null}
        {session ? <TeamSettingsForm /> : null}
        <OverlaySiteSwitches />
        <PageSiteAccess />
        <Shortcuts />
      </main>
    </div>
  );
}
