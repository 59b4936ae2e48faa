/** While the page churns, the whole-page observer looks away this long after a batch that mattered nothing. */
const PAUSE_MS = 50;

/**
 * Tells the content script when the page may show something new, at little cost on pages that
 * change their DOM all the time (webmail re-renders lists, timestamps and chat constantly).
 *
 * - Inside the open thread (the root of the last read) every change counts: a second observer
 *   watches only that subtree.
 * - Elsewhere only the appearance of a thread or compose window counts (`watch`). When a batch of
 *   changes holds none, the whole-page observer disconnects for a moment and, on reconnecting,
 *   compares the first watched element with the one it knew: nothing is missed, and constant
 *   churn costs a fraction of what observing it all would.
 */
export function createPageWatcher(options: { watch: string | undefined; ignore: Node; onChange: () => void }) {
  const { watch, ignore, onChange } = options;
  let root: Element | null = null;
  let known: Element | null = null;
  let running = false;
  let pause: ReturnType<typeof setTimeout> | undefined;

  const firstWatched = () => (watch ? document.querySelector(watch) : null);
  const isOwn = (record: MutationRecord) =>
    record.addedNodes.length + record.removedNodes.length === 1 &&
    (record.addedNodes[0] ?? record.removedNodes[0]) === ignore;

  const rootObserver = new MutationObserver((records) => {
    for (const record of records) if (!isOwn(record)) return onChange();
  });

  const pageObserver = new MutationObserver((records) => {
    if (!watch || (root && !root.isConnected)) return onChange();
    for (const record of records) {
      const added = record.addedNodes;
      for (let i = 0; i < added.length; i++) {
        const node = added[i]!;
        if (node.nodeType !== 1 || node === ignore) continue;
        const el = node as Element;
        if (el.matches(watch) || (el.firstElementChild !== null && el.querySelector(watch) !== null)) return onChange();
      }
    }
    pageObserver.disconnect();
    pause = setTimeout(resume, PAUSE_MS);
  });

  function observePage() {
    pageObserver.observe(document.body, { childList: true, subtree: true });
  }

  function resume() {
    pause = undefined;
    if (!running) return;
    observePage();
    if (firstWatched() !== known || (root && !root.isConnected)) onChange();
  }

  return {
    start() {
      if (running) return;
      running = true;
      observePage();
    },
    stop() {
      running = false;
      clearTimeout(pause);
      pause = undefined;
      pageObserver.disconnect();
      rootObserver.disconnect();
      root = null;
    },
    /** After each read: where the context came from, so changes there are always seen. */
    setRoot(next: Element | null) {
      known = firstWatched();
      if (next === root) return;
      root = next;
      rootObserver.disconnect();
      if (running && next) rootObserver.observe(next, { childList: true, subtree: true, characterData: true });
    },
  };
}
