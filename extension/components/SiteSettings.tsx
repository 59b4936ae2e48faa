import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { registrableDomain } from '../../shared/normalize';
import { createFromUi, errorMessage, updateFromUi } from '../lib/actions';
import { getDb } from '../lib/db';
import { getOverlaySites, OVERLAY_SITES, setOverlaySite, watchOverlaySites, type OverlaySite, type OverlaySites } from '../lib/overlay-sites';
import { teamSettings } from '../lib/team-settings';
import { coversAllSites, grantedSites, requestAllSites, revokeSites } from '../lib/site-access';
import { useAction } from '../hooks/use-action';

const SITE_LABELS: Record<OverlaySite, string> = { gmail: 'Gmail (mail.google.com)', outlook: 'Outlook on the web (outlook.office.com, outlook.live.com)' };

/** Options → Sites: the per-site overlay switch (this browser only). */
export function OverlaySiteSwitches() {
  const [sites, setSites] = useState<OverlaySites | null>(null);
  useEffect(() => {
    void getOverlaySites().then(setSites);
    return watchOverlaySites(setSites);
  }, []);
  return (
    <section className="card stack" aria-label="Sites">
      <h2 className="section-title">Sites</h2>
      <p className="muted">Show Margin’s chip on these sites. Turning a site off stops Margin reading its pages.</p>
      {sites === null ? <p className="muted">Loading…</p> : OVERLAY_SITES.map((site) => (
        <label key={site} className="row">
          <input
            type="checkbox"
            checked={sites[site]}
            onChange={(e) => {
              const enabled = e.target.checked;
              setSites({ ...sites, [site]: enabled });
              void setOverlaySite(site, enabled);
            }}
          /> {SITE_LABELS[site]}
        </label>
      ))}
    </section>
  );
}

/** A granted match pattern as a person reads it: `*://example.com/*` → example.com. */
function siteLabel(pattern: string): string {
  if (pattern === '*://*/*' || pattern === '<all_urls>') return 'All sites';
  return pattern.replace(/^[^:]+:\/\//, '').replace(/\/\*$/, '');
}

/**
 * Options → Other sites: where Margin may read ordinary web pages (issue 5). Grants are the
 * browser's (optional host permissions): listed here, each revocable, plus one switch for all sites.
 */
export function PageSiteAccess() {
  const [sites, setSites] = useState<string[] | null>(null);
  const { run, busy, status } = useAction();
  useEffect(() => {
    const load = () => void grantedSites().then(setSites, () => setSites([]));
    load();
    browser.permissions.onAdded.addListener(load);
    browser.permissions.onRemoved.addListener(load);
    return () => {
      browser.permissions.onAdded.removeListener(load);
      browser.permissions.onRemoved.removeListener(load);
    };
  }, []);
  const all = !!sites && coversAllSites(sites);
  return (
    <section className="card stack" aria-label="Other sites">
      <h2 className="section-title">Other sites</h2>
      <p className="muted">Margin recognises customers’ websites and pages that name your contacts, but only on sites you allow. Without that, click the Margin button on a page to read just that page.</p>
      <label className="row">
        <input
          type="checkbox"
          checked={all}
          disabled={busy || sites === null}
          onChange={(e) => {
            const enable = e.target.checked;
            // The browser asks; the request must be made in the click itself.
            void run(async () => {
              if (enable && !(await requestAllSites())) throw new Error('The browser did not allow Margin on all sites.');
              if (!enable) await revokeSites(['*://*/*', 'https://*/*', 'http://*/*', '<all_urls>']);
              setSites(await grantedSites());
            });
          }}
        /> Read pages on all sites
      </label>
      {sites === null ? <p className="muted">Loading…</p> : null}
      {sites && !all && sites.length === 0 ? <p className="muted" data-testid="no-sites">No other sites allowed. Use “Enable on this site” in the side panel on a page.</p> : null}
      <ul className="list" aria-label="Sites Margin may read" data-testid="granted-sites">
        {(sites ?? []).filter((p) => !all || siteLabel(p) !== 'All sites').map((pattern) => (
          <li key={pattern} className="row">
            <span className="name">{siteLabel(pattern)}</span>
            <button type="button" className="btn small" disabled={busy} aria-label={`Revoke ${siteLabel(pattern)}`} onClick={() => void run(async () => {
              await revokeSites([pattern]);
              setSites(await grantedSites());
            }, `Margin no longer reads ${siteLabel(pattern)}.`)}>Revoke</button>
          </li>
        ))}
      </ul>
      {status}
    </section>
  );
}

/** Options → Team domains: addresses there are colleagues, never customers (a team setting; it syncs). */
export function InternalDomainsSetting() {
  const settings = useLiveQuery(async () => (await teamSettings(getDb())) ?? null, []);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (settings === undefined) return <p className="muted">Loading…</p>;
  const value = draft ?? (settings?.internalDomains ?? []).join(', ');
  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const domains = [...new Set(value.split(/[\s,;]+/u).filter(Boolean).map((d) => registrableDomain(d) ?? d.toLowerCase()))];
      if (settings) await updateFromUi('settings', settings.id, { internalDomains: domains });
      else await createFromUi('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, internalDomains: domains });
      setDraft(null);
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <form className="card stack" aria-label="Team domains" onSubmit={save}>
      <h2 className="section-title">Team domains</h2>
      <label className="field">Your company’s email domains (comma-separated)
        <input value={value} onChange={(e) => { setDraft(e.target.value); setSaved(false); }} placeholder="example.com" />
      </label>
      <p className="muted">People at these domains are shown as your team, never as customers. Shared with your team.</p>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {saved ? <p className="ok" role="status">Saved.</p> : null}
      <div className="row"><button className="btn primary" type="submit">Save domains</button></div>
    </form>
  );
}
