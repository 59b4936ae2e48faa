import { useEffect, useState } from 'react';
import { Agenda } from '../../components/Agenda';
import { SearchBox, type SearchTarget } from '../../components/Search';
import { useMeta } from '../../hooks/use-meta';
import { sendMessage } from '../../lib/messaging';
import { requestPanel, type PanelRequest } from '../../lib/panel-request';
import { openSidePanel } from '../../lib/side-panel';
import { openPipelinePage, openPortfolioPage } from '../../ui/open-page';
import { useT } from '../../i18n/react';
import { bestEffort } from '../../lib/best-effort';

/**
 * The rep pressed Margin's button on this tab, so Chrome lets Margin read it now (activeTab): read
 * an ordinary page at once, so the side panel knows whom it is about. Webmail and pages Margin
 * reads already are left alone (the reader runs once per page anyway).
 */
async function readActiveTab() {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id !== undefined && /^https?:/.test(tab.url ?? '')) await sendMessage('readTab', { tabId: tab.id });
}

/** The toolbar popup: a quick search, today's agenda at a glance, and the way into the side panel. */
export function App() {
  const { t } = useT();
  const session = useMeta('session');
  const [windowId, setWindowId] = useState<number | undefined>(undefined);
  const [searching, setSearching] = useState(false);
  useEffect(() => {
    void bestEffort('tab.read', readActiveTab());
    void browser.windows.getCurrent().then((w) => setWindowId(w.id));
  }, []);

  /** Opens the side panel in this window (synchronously, within the click) and closes the popup. */
  const openPanel = (request?: PanelRequest) => {
    const opening = openSidePanel({ windowId });
    void Promise.all([opening, request ? requestPanel(request) : undefined]).finally(() => window.close());
  };
  const openResult = (target: SearchTarget) => openPanel({ kind: 'open', target, at: Date.now() });

  return (
    <div className="app popup-app">
      <header className="bar">
        <h1>Margin</h1>
        <button className="btn primary" type="button" onClick={() => openPanel()}>
          {t('popup.openPanel')}
        </button>
      </header>
      <main>
        {session === undefined ? <p className="muted">{t('common.loading')}</p> : null}
        {session === null ? (
          <div className="card stack">
            <p className="muted">{t('popup.signIn')}</p>
            <button className="btn primary" type="button" onClick={() => void browser.runtime.openOptionsPage()}>
              {t('signIn.open')}
            </button>
          </div>
        ) : null}
        {session ? (
          <SearchBox onOpen={openResult} onQueryChange={(q) => setSearching(!!q.trim())} limit={4} autoFocus />
        ) : null}
        {session && !searching ? (
          <div className="row">
            <button className="btn" type="button" onClick={() => openPipelinePage()}>
              {t('deal.openBoard')}
            </button>
            <button className="btn" type="button" onClick={() => openPortfolioPage()}>
              {t('portfolio.open')}
            </button>
          </div>
        ) : null}
        {session && !searching ? (
          <section className="stack" aria-label={t('tabs.today')}>
            <h2 className="section-title">{t('tabs.today')}</h2>
            <Agenda
              session={session}
              limit={8}
              onOpenAccount={(id) => openPanel({ kind: 'open', target: { kind: 'account', id }, at: Date.now() })}
              onOpenVisit={() => openPanel()}
            />
          </section>
        ) : null}
      </main>
    </div>
  );
}
