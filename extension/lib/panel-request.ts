/**
 * What the side panel was opened to do, from somewhere else: a keyboard command (search, add a
 * note) or a result picked in the popup. Kept in `storage.session` (memory only, out of reach of
 * content scripts) so a panel that is opening picks it up as soon as it loads.
 */
export type PanelRequest =
  | { kind: 'search'; at: number }
  | { kind: 'note'; at: number }
  | { kind: 'notice'; message: 'notice.openEmailFirst'; at: number }
  | { kind: 'open'; target: { kind: 'account' | 'contact'; id: string }; at: number };

const KEY = 'panelRequest';

/** Requests older than this are stale (the panel was closed before it read them). */
const FRESH_MS = 10_000;

export async function requestPanel(request: PanelRequest): Promise<void> {
  await browser.storage.session.set({ [KEY]: request });
}

/** Calls `handle` with each new request (and one made just before the panel opened), once each. */
export function watchPanelRequests(handle: (request: PanelRequest) => void): () => void {
  let seen = 0;
  const take = (request: PanelRequest | undefined) => {
    if (!request || request.at <= seen || Date.now() - request.at > FRESH_MS) return;
    seen = request.at;
    handle(request);
    void browser.storage.session.remove(KEY);
  };
  void browser.storage.session.get(KEY).then((stored) => take(stored[KEY] as PanelRequest | undefined));
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'session' && changes[KEY]?.newValue) take(changes[KEY].newValue as PanelRequest);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
