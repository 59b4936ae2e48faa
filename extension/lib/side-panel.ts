import { bestEffort } from './best-effort';

/** Firefox's sidebar API, which Chrome's types do not describe. */
interface SidebarAction {
  open(): Promise<void>;
  isOpen(details: { windowId?: number }): Promise<boolean>;
}

/** Firefox's sidebar, or undefined in Chrome (which has the side panel). */
function firefoxSidebar(): SidebarAction | undefined {
  if (browser.sidePanel) return undefined;
  return (globalThis as { browser?: { sidebarAction?: SidebarAction } }).browser?.sidebarAction;
}

/**
 * Opens Margin's side panel (Chrome) or sidebar (Firefox) beside a tab or in a window. Call it
 * straight from the click, command or menu handler, before any `await`: both browsers allow it
 * only while the user's gesture lasts. Resolves once open; never rejects (the rep can still open
 * it from the toolbar).
 */
export function openSidePanel(where: { tabId?: number; windowId?: number }): Promise<void> {
  const sidebar = firefoxSidebar();
  if (sidebar) return bestEffort('side-panel.open', sidebar.open());
  if (where.tabId !== undefined) return bestEffort('side-panel.open', browser.sidePanel.open({ tabId: where.tabId }));
  if (where.windowId !== undefined)
    return bestEffort('side-panel.open', browser.sidePanel.open({ windowId: where.windowId }));
  return Promise.resolve();
}

/**
 * Opens the panel for a click in a web page (the chip), which reaches the background as a message.
 * Chrome carries the click's gesture with the message; Firefox carries none, and opens an add-on's
 * sidebar only from a user action of its own (its toolbar button, a shortcut, a menu, a click in one
 * of its pages). So in Firefox this resolves false while the sidebar stays closed: the chip then says
 * how to open it (the person is focused already, so it opens on them).
 */
export async function openSidePanelForPage(where: { tabId: number; windowId?: number }): Promise<boolean> {
  const sidebar = firefoxSidebar();
  if (!sidebar) {
    await openSidePanel(where);
    return true;
  }
  try {
    await sidebar.open(); // refused without a gesture today; a later Firefox may allow it
    return true;
  } catch {
    return bestEffort('side-panel.is-open', sidebar.isOpen({ windowId: where.windowId }), false);
  }
}
