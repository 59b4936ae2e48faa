import { MessageError } from '../i18n/errors';
/**
 * Which ordinary web pages Margin reads (issue 5, architecture §5). Webmail is declared in the manifest;
 * every other site needs the rep's grant, per site or for all sites, through optional host
 * permissions. For granted sites the background registers the page reader as a content script;
 * without a grant the side panel can still read the active tab once the rep invoked Margin on it
 * (activeTab: the toolbar button, a context-menu entry or a shortcut).
 */

/** Webmail hosts: declared in the manifest for every build, read by the static content script. */
export const WEBMAIL_MATCHES = [
  'https://mail.google.com/*',
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
  'https://outlook.live.com/*',
] as const;

/** Each webmail switch's hosts (Options → Sites). A browser may withhold them (Firefox lets the rep decide at install and later). */
export const WEBMAIL_SITES = {
  gmail: ['https://mail.google.com/*'],
  outlook: ['https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'],
} as const satisfies Record<string, readonly (typeof WEBMAIL_MATCHES)[number][]>;

/** Calls back whenever the browser grants or withdraws a host permission. Returns the unsubscribe. */
export function watchSiteGrants(callback: () => void): () => void {
  browser.permissions.onAdded.addListener(callback);
  browser.permissions.onRemoved.addListener(callback);
  return () => {
    browser.permissions.onAdded.removeListener(callback);
    browser.permissions.onRemoved.removeListener(callback);
  };
}

/** What "all sites" asks for. */
export const ALL_SITES = ['*://*/*'] as const;

const PAGE_SCRIPT_ID = 'margin-pages';
const PAGE_SCRIPT_FILE = '/content-scripts/content.js';

/** The match pattern a site's grant is for: every page of that host, on http and https alike. */
export function siteOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return `*://${parsed.hostname}/*`;
  } catch {
    return null;
  }
}

/** Whether a grant's match pattern (`*://host/*`, `https://host/*`, `*://*.host/*`, or all sites) covers a URL. */
export function coversUrl(pattern: string, url: string): boolean {
  if (pattern === '<all_urls>') return /^https?:/.test(url);
  const m = /^(\*|https?):\/\/([^/]+)\//.exec(pattern);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!m || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return false;
  const [, scheme, host] = m as unknown as [string, string, string];
  if (scheme !== '*' && `${scheme}:` !== parsed.protocol) return false;
  if (host === '*') return true;
  if (host.startsWith('*.')) return parsed.hostname === host.slice(2) || parsed.hostname.endsWith(host.slice(1));
  return parsed.hostname === host;
}

/**
 * Whether Margin may still read a page: a site its static content script reads (webmail), or one a
 * grant of the rep's covers.
 */
export async function stillReadable(url: string): Promise<boolean> {
  const statics = (browser.runtime.getManifest().content_scripts ?? []).flatMap((c) => c.matches ?? []);
  if (statics.some((pattern) => coversUrl(pattern, url))) return true;
  return (await grantedSites()).some((pattern) => coversUrl(pattern, url));
}

/** Patterns the manifest requires (webmail, and the demo pages in a demo build): not the rep's to grant or revoke. */
function requiredPatterns(): Set<string> {
  const manifest = browser.runtime.getManifest() as { host_permissions?: string[] };
  return new Set(manifest.host_permissions ?? []);
}

/** The sites the rep granted (or `ALL_SITES`), as match patterns; required ones are left out. */
export async function grantedSites(): Promise<string[]> {
  const required = requiredPatterns();
  const { origins = [] } = await browser.permissions.getAll();
  return origins.filter((o) => !required.has(o)).sort();
}

export function coversAllSites(patterns: readonly string[]): boolean {
  return (
    patterns.includes('*://*/*') ||
    patterns.includes('<all_urls>') ||
    (patterns.includes('https://*/*') && patterns.includes('http://*/*'))
  );
}

/**
 * Asks Chrome for the grant; must run in the click's handler (a user gesture) in an extension page.
 * Resolves to whether it was granted; the background registers the reader on `permissions.onAdded`.
 */
export function requestSite(url: string): Promise<boolean> {
  const origin = siteOrigin(url);
  if (!origin) return Promise.reject(new Error('Margin can read only web pages (http and https).'));
  return browser.permissions.request({ origins: [origin] });
}

export function requestAllSites(): Promise<boolean> {
  return browser.permissions.request({ origins: [...ALL_SITES] });
}

export async function revokeSites(patterns: readonly string[]): Promise<void> {
  const required = requiredPatterns();
  const removable = patterns.filter((p) => !required.has(p));
  if (removable.length) await browser.permissions.remove({ origins: removable });
}

/**
 * Registers the page reader for exactly the granted sites (or unregisters it when there are none).
 * Webmail and the manifest's own matches are excluded: the static content script reads those.
 */
export async function syncPageScripts(): Promise<string[]> {
  const sites = await grantedSites();
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [PAGE_SCRIPT_ID] });
  if (!sites.length) {
    if (registered.length) await browser.scripting.unregisterContentScripts({ ids: [PAGE_SCRIPT_ID] });
    return sites;
  }
  const staticMatches = (browser.runtime.getManifest().content_scripts ?? []).flatMap((c) => c.matches ?? []);
  const script = {
    id: PAGE_SCRIPT_ID,
    js: [PAGE_SCRIPT_FILE],
    matches: sites,
    excludeMatches: [...new Set([...WEBMAIL_MATCHES, ...staticMatches])],
    runAt: 'document_idle' as const,
    persistAcrossSessions: true,
  };
  if (registered.length) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
  return sites;
}

/**
 * Runs the page reader in one tab now (after a grant, or under activeTab). The reader runs once
 * per page however often it is injected. Rejects with a message a person can act on.
 */
export async function injectPageReader(tabId: number): Promise<void> {
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: [PAGE_SCRIPT_FILE] });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/permission|Cannot access/i.test(message)) {
      throw new MessageError('error.pageNotAllowed');
    }
    throw new MessageError('error.pageUnreadable', { reason: message });
  }
}
