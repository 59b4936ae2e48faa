import { useLiveQuery } from 'dexie-react-hooks';
import { useT } from '../i18n/react';
import { useEffect, useState } from 'react';
import { registrableDomain } from '../../shared/normalize';
import { createFromUi, errorMessage, updateFromUi } from '../ui/actions';
import { getDb } from '../lib/db';
import {
  getOverlaySites,
  OVERLAY_SITES,
  setOverlaySite,
  watchOverlaySites,
  type OverlaySite,
  type OverlaySites,
} from '../lib/overlay-sites';
import { teamSettings } from '../lib/team-settings';
import {
  coversAllSites,
  grantedSites,
  requestAllSites,
  revokeSites,
  watchSiteGrants,
  WEBMAIL_SITES,
} from '../lib/site-access';
import { useAction } from '../hooks/use-action';
import { ErrorLine } from './ErrorLine';

const SITE_LABELS = { gmail: 'sites.gmail', outlook: 'sites.outlook' } as const satisfies Record<OverlaySite, string>;

/** The webmail sites whose hosts the browser has not granted (Firefox may withhold them), kept up to date. */
function useWithheldSites(): ReadonlySet<OverlaySite> {
  const [withheld, setWithheld] = useState<ReadonlySet<OverlaySite>>(new Set());
  useEffect(() => {
    const load = () =>
      void Promise.all(
        OVERLAY_SITES.map(async (site) =>
          (await browser.permissions.contains({ origins: [...WEBMAIL_SITES[site]] })) ? null : site,
        ),
      ).then(
        (sites) => setWithheld(new Set(sites.filter((s): s is OverlaySite => s !== null))),
        () => setWithheld(new Set()),
      );
    load();
    return watchSiteGrants(load);
  }, []);
  return withheld;
}

/** Options → Sites: the per-site overlay switch (this browser only), and a way to allow a site the browser withholds. */
export function OverlaySiteSwitches() {
  const { t } = useT();
  const [sites, setSites] = useState<OverlaySites | null>(null);
  const withheld = useWithheldSites();
  const { run, busy, status } = useAction();
  useEffect(() => {
    void getOverlaySites().then(setSites);
    return watchOverlaySites(setSites);
  }, []);
  return (
    <section className="card stack" aria-label={t('sites.title')}>
      <h2 className="section-title">{t('sites.title')}</h2>
      <p className="muted">{t('sites.help')}</p>
      {sites === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        OVERLAY_SITES.map((site) => (
          <div key={site} className="stack">
            <label className="row">
              <input
                type="checkbox"
                checked={sites[site]}
                onChange={(e) => {
                  const enabled = e.target.checked;
                  setSites({ ...sites, [site]: enabled });
                  void setOverlaySite(site, enabled);
                }}
              />{' '}
              {t(SITE_LABELS[site])}
            </label>
            {withheld.has(site) ? (
              <p className="muted row" data-testid={`withheld-${site}`}>
                {t('sites.notAllowed')}{' '}
                <button
                  type="button"
                  className="btn small"
                  disabled={busy}
                  onClick={() =>
                    // The browser asks; the request must be made in the click itself.
                    void run(async () => {
                      const label = t(SITE_LABELS[site]);
                      if (!(await browser.permissions.request({ origins: [...WEBMAIL_SITES[site]] })))
                        throw new Error(t('sites.refusedOne', { site: label }));
                    })
                  }
                >
                  {t('sites.allow', { site: t(SITE_LABELS[site]) })}
                </button>
              </p>
            ) : null}
          </div>
        ))
      )}
      {status}
    </section>
  );
}

/** The key siteLabel gives the pattern for every site (shown translated). */
const ALL_SITES_LABEL = '*';

/** A granted match pattern as a person reads it: `*://example.com/*` → example.com. */
function siteLabel(pattern: string): string {
  if (pattern === '*://*/*' || pattern === '<all_urls>') return ALL_SITES_LABEL;
  return pattern.replace(/^[^:]+:\/\//, '').replace(/\/\*$/, '');
}

/**
 * Options → Other sites: where Margin may read ordinary web pages (issue 5). Grants are the
 * browser's (optional host permissions): listed here, each revocable, plus one switch for all sites.
 */
export function PageSiteAccess() {
  const { t } = useT();
  const [sites, setSites] = useState<string[] | null>(null);
  const { run, busy, status } = useAction();
  useEffect(() => {
    const load = () => void grantedSites().then(setSites, () => setSites([]));
    load();
    return watchSiteGrants(load);
  }, []);
  const all = !!sites && coversAllSites(sites);
  return (
    <section className="card stack" aria-label={t('sites.other')}>
      <h2 className="section-title">{t('sites.other')}</h2>
      <p className="muted">{t('sites.otherHelp')}</p>
      <label className="row">
        <input
          type="checkbox"
          checked={all}
          disabled={busy || sites === null}
          onChange={(e) => {
            const enable = e.target.checked;
            // The browser asks; the request must be made in the click itself.
            void run(async () => {
              if (enable && !(await requestAllSites())) throw new Error(t('sites.refused'));
              if (!enable) await revokeSites(['*://*/*', 'https://*/*', 'http://*/*', '<all_urls>']);
              setSites(await grantedSites());
            });
          }}
        />{' '}
        {t('sites.all')}
      </label>
      {sites === null ? <p className="muted">{t('common.loading')}</p> : null}
      {sites && !all && sites.length === 0 ? (
        <p className="muted" data-testid="no-sites">
          {t('sites.none')}
        </p>
      ) : null}
      <ul className="list" aria-label={t('sites.granted')} data-testid="granted-sites">
        {(sites ?? [])
          .filter((p) => !all || siteLabel(p) !== ALL_SITES_LABEL)
          .map((pattern) => {
            const shown = siteLabel(pattern) === ALL_SITES_LABEL ? t('sites.allSites') : siteLabel(pattern);
            return (
              <li key={pattern} className="row">
                <span className="name">{shown}</span>
                <button
                  type="button"
                  className="btn small"
                  disabled={busy}
                  aria-label={t('sites.revokeFor', { site: shown })}
                  onClick={() =>
                    void run(
                      async () => {
                        await revokeSites([pattern]);
                        setSites(await grantedSites());
                      },
                      t('sites.revoked', { site: shown }),
                    )
                  }
                >
                  {t('sites.revoke')}
                </button>
              </li>
            );
          })}
      </ul>
      {status}
    </section>
  );
}

/** Options → Team domains: addresses there are colleagues, never customers (a team setting; it syncs). */
export function InternalDomainsSetting() {
  const { t } = useT();
  const settings = useLiveQuery(async () => (await teamSettings(getDb())) ?? null, []);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (settings === undefined) return <p className="muted">{t('common.loading')}</p>;
  const value = draft ?? (settings?.internalDomains ?? []).join(', ');
  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const domains = [
        ...new Set(
          value
            .split(/[\s,;]+/u)
            .filter(Boolean)
            .map((d) => registrableDomain(d) ?? d.toLowerCase()),
        ),
      ];
      if (settings) await updateFromUi('settings', settings.id, { internalDomains: domains });
      else await createFromUi('settings', { cadenceDays: { A: 14, B: 30, C: 90 }, internalDomains: domains });
      setDraft(null);
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <form className="card stack" aria-label={t('domains.title')} onSubmit={save}>
      <h2 className="section-title">{t('domains.title')}</h2>
      <label className="field">
        {t('domains.label')}
        <input
          value={value}
          onChange={(e) => {
            setDraft(e.target.value);
            setSaved(false);
          }}
          placeholder="example.com"
        />
      </label>
      <p className="muted">{t('domains.help')}</p>
      <ErrorLine message={error} />
      {saved ? (
        <p className="ok" role="status">
          {t('common.saved')}
        </p>
      ) : null}
      <div className="row">
        <button className="btn primary" type="submit">
          {t('domains.save')}
        </button>
      </div>
    </form>
  );
}
