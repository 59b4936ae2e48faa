/** Selector-table helpers shared by the site adapters: each field lists fallbacks, newest first. */

export function first(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const s of selectors) {
    const found = root.querySelector(s);
    if (found) return found;
  }
  return null;
}

export function all(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const s of selectors) {
    const found = root.querySelectorAll(s);
    if (found.length) return Array.from(found);
  }
  return [];
}

/** Visible text of an element, whitespace collapsed, bounded. */
export function text(el: Element | null | undefined, max = 1000): string {
  return (el?.textContent ?? '').replace(/\s+/gu, ' ').trim().slice(0, max);
}

/** Quoted history inside a message body (Gmail, Outlook, Apple Mail): not part of what this sender wrote. */
const QUOTED = '.gmail_quote, blockquote, #divRplyFwdMsg, #appendonsend, .yahoo_quoted, .moz-cite-prefix';

/**
 * Text of a message body as the reader sees it, one line per block and `<br>`, quoted history
 * removed. Works on a clone, so it neither forces layout nor touches the page.
 */
export function bodyText(el: Element, max = 20_000): string {
  const clone = el.cloneNode(true) as Element;
  for (const quoted of clone.querySelectorAll(QUOTED)) quoted.remove();
  for (const node of clone.querySelectorAll('style, script')) node.remove();
  for (const br of clone.querySelectorAll('br')) br.replaceWith('\n');
  for (const block of clone.querySelectorAll('div, p, li, tr, h1, h2, h3, h4, table')) block.append('\n');
  return (clone.textContent ?? '').replace(/\n{3,}/gu, '\n\n').slice(0, max);
}

/** A date as webmail prints it in a title ("Mon, Nov 23, 2026, 9:14 AM"); undefined when unreadable. */
export function parseShownDate(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const cleaned = value
    .replace(/\s+/gu, ' ')
    .replace(/\b(at|um|à)\b/giu, ' ')
    .replace(/^[A-Za-z]{3,9},\s*/u, '')
    .replace(/\u202f/gu, ' ')
    .trim();
  for (const candidate of [cleaned, cleaned.replace(/,(?=\s*\d{1,2}:\d{2})/u, '')]) {
    const at = Date.parse(candidate);
    if (Number.isFinite(at) && at > 0) return at;
  }
  // "2026年11月23日 下午2:14", "2026. 11. 23. 오후 2:14": year first, then month, day and time.
  const parts = /(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})\D*?(下午|오후|PM)?\s*(\d{1,2}):(\d{2})/iu.exec(value);
  if (parts) {
    const hour =
      (Number(parts[5]) % 12) + (parts[4] ? 12 : /上午|오전|AM/iu.test(value) ? 0 : Number(parts[5]) === 12 ? 12 : 0);
    const at = new Date(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]), hour, Number(parts[6])).getTime();
    if (Number.isFinite(at)) return at;
  }
  return undefined;
}
