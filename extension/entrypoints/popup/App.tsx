import { useEffect } from 'react';
import { Agenda } from '../../components/Agenda';
import { useMeta } from '../../hooks/use-meta';
import { sendMessage } from '../../lib/messaging';

/**
 * The rep pressed Margin's button on this tab, so Chrome lets Margin read it now (activeTab): read
 * an ordinary page at once, so the side panel knows whom it is about. Webmail and pages Margin
 * reads already are left alone (the reader runs once per page anyway).
 */
async function readActiveTab() {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id !== undefined && /^https?:/.test(tab.url ?? '')) await sendMessage('readTab', { tabId: tab.id });
}

/** Opens the side panel in this window (a user gesture, so Chrome allows it) and closes the popup. */
async function openSidePanel() {
  const current = await browser.windows.getCurrent();
  if (current.id !== undefined) await browser.sidePanel.open({ windowId: current.id });
  window.close();
}

/** The toolbar popup: today's agenda at a glance, and the way into the side panel. */
export function App() {
  const session = useMeta('session');
  useEffect(() => {
    void readActiveTab().catch(() => undefined);
  }, []);
  return (
    <div className="app popup-app">
      <header className="bar">
        <h1>Margin · Today</h1>
        <button className="btn primary" type="button" onClick={() => void openSidePanel()}>Open side panel</button>
      </header>
      <main>
        {session === undefined ? <p className="muted">Loading…</p> : null}
        {session === null ? (
          <div className="card stack">
            <p className="muted">Sign in to see your team’s next steps.</p>
            <button className="btn primary" type="button" onClick={() => void browser.runtime.openOptionsPage()}>Open sign-in</button>
          </div>
        ) : null}
        {session ? <Agenda session={session} limit={8} onOpenAccount={() => void openSidePanel()} onOpenVisit={() => void openSidePanel()} /> : null}
      </main>
    </div>
  );
}
