import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { registrableDomain } from '../../shared/normalize';
import { createFromUi, errorMessage, updateFromUi } from '../lib/actions';
import { getDb } from '../lib/db';
import { getOverlaySites, OVERLAY_SITES, setOverlaySite, watchOverlaySites, type OverlaySite, type OverlaySites } from '../lib/overlay-sites';
import { teamSettings } from '../lib/team-settings';

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
