import type { PanelRequest } from './panel-request';
import type { TabContext } from './tab-context';

/** The extension's keyboard commands (manifest `commands`); the keys are suggestions the rep can change. */
/** `description` names a message of `_locales` (scripts/lib/manifest-locales.ts), so the browser's shortcut page shows it in the rep's language. */
export const COMMANDS = {
  'open-panel': { key: 'Alt+Shift+M', description: '__MSG_cmdOpenPanel__' },
  search: { key: 'Alt+Shift+F', description: '__MSG_cmdSearch__' },
  'add-note': { key: 'Alt+Shift+O', description: '__MSG_cmdAddNote__' },
  'capture-sender': { key: 'Alt+Shift+S', description: '__MSG_cmdCaptureSender__' },
  // Chrome takes at most four suggested keys: the portfolio's shortcut is the rep's to set.
  'open-portfolio': { key: null, description: '__MSG_cmdOpenPortfolio__' },
} as const satisfies Record<string, { key: string | null; description: string }>;
export type CommandName = keyof typeof COMMANDS;

/** The manifest's `commands` section. */
export function manifestCommands(): Record<CommandName, { suggested_key?: { default: string }; description: string }> {
  return Object.fromEntries(
    Object.entries(COMMANDS).map(([name, c]) => [
      name,
      c.key ? { suggested_key: { default: c.key }, description: c.description } : { description: c.description },
    ]),
  ) as Record<CommandName, { suggested_key?: { default: string }; description: string }>;
}

/**
 * What a command asks of the side panel, given what Margin read in the active tab: a request for
 * the panel, and/or a person on the open email to focus (focusing an unknown sender opens the
 * capture form), or a full page to open instead. Null for a command Margin does not know.
 */
export function panelRequestForCommand(
  command: string,
  tab: TabContext | undefined,
  now: number,
): { request?: PanelRequest; focus?: string; page?: 'portfolio' } | null {
  switch (command) {
    case 'open-panel':
      return {};
    case 'open-portfolio':
      return { page: 'portfolio' };
    case 'search':
      return { request: { kind: 'search', at: now } };
    case 'add-note':
      return { request: { kind: 'note', at: now } };
    case 'capture-sender': {
      const sender = tab?.context.compose ? undefined : tab?.context.people.find((p) => p.role === 'from');
      return sender
        ? { focus: sender.email }
        : { request: { kind: 'notice', message: 'notice.openEmailFirst', at: now } };
    }
    default:
      return null;
  }
}
