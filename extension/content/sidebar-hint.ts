const WIDTH = 280;
const GAP = 6;

const STYLE = `
:host { all: initial; position: fixed; z-index: 2147483647; }
.hint { box-sizing: border-box; width: ${WIDTH}px; display: flex; gap: 8px; align-items: flex-start; padding: 8px 10px;
  font: 13px/1.4 system-ui, sans-serif; color: #1f2937; background: #fff; border: 1px solid #d1d5db; border-radius: 8px;
  box-shadow: 0 4px 16px rgba(0,0,0,.2); }
.text { flex: 1; }
button { all: unset; cursor: pointer; font: 16px/1 system-ui, sans-serif; color: #4b5563; padding: 0 2px; border-radius: 4px; }
button:focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
@media (prefers-color-scheme: dark) { .hint { background: #1f2937; color: #f3f4f6; border-color: #4b5563; } button { color: #d1d5db; } }
`;

/**
 * Beside the chip, when its click could not open the sidebar (Firefox opens an add-on's sidebar only
 * from a user action of the add-on's own, and a click in a web page is not one): says, in the rep's
 * language, how to open it (the shortcut, else the toolbar button). Announced politely; closes on
 * Escape, its button, a click elsewhere, or when the rep leaves the page for the browser's own UI.
 */
export function createSidebarHint() {
  let closeCurrent: (() => void) | undefined;

  function close() {
    closeCurrent?.();
    closeCurrent = undefined;
  }

  function show(anchor: Element, words: { text: string; close: string }) {
    close();
    const host = document.createElement('margin-sidebar-hint');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const box = document.createElement('div');
    box.className = 'hint';
    box.setAttribute('role', 'status');
    const text = document.createElement('span');
    text.className = 'text';
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.textContent = '×';
    dismiss.setAttribute('aria-label', words.close);
    dismiss.title = words.close;
    dismiss.addEventListener('click', (event) => {
      event.stopPropagation();
      close();
    });
    box.append(text, dismiss);
    shadow.append(style, box);
    // Tests and the rep's own tools read what it said without reaching into the closed root.
    host.dataset.text = words.text;

    const rect = anchor.getBoundingClientRect();
    const below = rect.bottom + GAP + 80 <= innerHeight;
    host.style.left = `${Math.max(GAP, Math.min(rect.left, innerWidth - WIDTH - GAP))}px`;
    if (below) host.style.top = `${rect.bottom + GAP}px`;
    else host.style.bottom = `${innerHeight - rect.top + GAP}px`;

    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    const onPointer = (event: PointerEvent) => {
      if (!event.composedPath().includes(host)) close();
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('blur', close);
    closeCurrent = () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('blur', close);
      host.remove();
    };
    document.documentElement.append(host);
    // Written once the live region is in the page, so a screen reader announces it.
    requestAnimationFrame(() => {
      text.textContent = words.text;
    });
  }

  return { show, close };
}
