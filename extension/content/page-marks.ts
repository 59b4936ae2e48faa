import type { PageMark } from '../adapters/types';

const HIGHLIGHT = 'margin-known-contact';
const STYLE_ID = 'margin-known-contact-style';

/**
 * Marks the team's known contacts' addresses on an ordinary page with the CSS Custom Highlight
 * API: the page's DOM and text stay exactly as they were; only a style rule naming the highlight
 * is added. Nothing is drawn where the browser lacks the API.
 */
export function createPageMarks() {
  const supported = typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';

  function ensureStyle() {
    if (document.getElementById(STYLE_ID)) return;
    const style = document.createElement('style');
    style.id = STYLE_ID;
    style.textContent = `::highlight(${HIGHLIGHT}) { background-color: rgba(37, 99, 235, 0.16); text-decoration: underline 2px dotted #1d4ed8; }`;
    (document.head ?? document.documentElement).append(style);
  }

  return {
    show(marks: readonly PageMark[], knownEmails: readonly string[]) {
      if (!supported) return;
      const known = new Set(knownEmails);
      const ranges = marks.filter((m) => known.has(m.email)).map((m) => m.range);
      if (!ranges.length) {
        CSS.highlights.delete(HIGHLIGHT);
        return;
      }
      ensureStyle();
      CSS.highlights.set(HIGHLIGHT, new Highlight(...ranges));
    },
    clear() {
      if (supported) CSS.highlights.delete(HIGHLIGHT);
      document.getElementById(STYLE_ID)?.remove();
    },
  };
}
