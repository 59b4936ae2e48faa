/**
 * The per-site switch for the in-page overlay (options → Sites). Kept in `storage.local`, which
 * the content scripts can read without asking the background; it holds nothing but these flags.
 */
export const OVERLAY_SITES = ['gmail', 'outlook'] as const;
export type OverlaySite = (typeof OVERLAY_SITES)[number];
export type OverlaySites = Record<OverlaySite, boolean>;

const KEY = 'overlaySites';
const DEFAULTS: OverlaySites = { gmail: true, outlook: true };

function parse(value: unknown): OverlaySites {
  const result = { ...DEFAULTS };
  if (value && typeof value === 'object') {
    for (const site of OVERLAY_SITES) {
      const flag = (value as Record<string, unknown>)[site];
      if (typeof flag === 'boolean') result[site] = flag;
    }
  }
  return result;
}

export async function getOverlaySites(): Promise<OverlaySites> {
  const stored = await browser.storage.local.get(KEY);
  return parse(stored[KEY]);
}

export async function setOverlaySite(site: OverlaySite, enabled: boolean): Promise<void> {
  const current = await getOverlaySites();
  await browser.storage.local.set({ [KEY]: { ...current, [site]: enabled } });
}

/** Calls back with the new flags whenever options change them. Returns the unsubscribe. */
export function watchOverlaySites(callback: (sites: OverlaySites) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && KEY in changes) callback(parse(changes[KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
