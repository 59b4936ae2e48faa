import { bestEffort } from './best-effort';

/** Firefox's sidebar API, which Chrome's types do not describe. */
interface SidebarAction {
  open(): Promise<void>;
}

/**
 * Opens Margin's side panel (Chrome) or sidebar (Firefox) beside a tab or in a window. Call it
 * straight from the click, command or menu handler, before any `await`: both browsers allow it
 * only while the user's gesture lasts. Resolves once open; never rejects (the rep can still open
 * it from the toolbar).
 */
export function openSidePanel(where: { tabId?: number; windowId?: number }): Promise<void> {
  const sidebar = (globalThis as { browser?: { sidebarAction?: SidebarAction } }).browser?.sidebarAction;
  if (!browser.sidePanel && sidebar) return bestEffort('side-panel.open', sidebar.open());
  if (where.tabId !== undefined) return bestEffort('side-panel.open', browser.sidePanel.open({ tabId: where.tabId }));
  if (where.windowId !== undefined)
    return bestEffort('side-panel.open', browser.sidePanel.open({ windowId: where.windowId }));
  return Promise.resolve();
}
