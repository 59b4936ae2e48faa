/**
 * How text becomes search tokens, for the index and for what the rep types: one module, so the
 * two always agree.
 *
 * - Letters are folded: NFKC (full-width Ａ → a), lower case, accents dropped (José → jose).
 * - Words of alphabetic scripts and digits are tokens; a query word matches them as a prefix.
 * - CJK text (Han, kana, Hangul) has no reliable word boundaries (王小明, 김민수님), so every
 *   character and every pair of neighbouring characters is a token: "小明" finds 王小明, "민수"
 *   finds 김민수님. A query of one CJK character looks up that character; longer ones need each of
 *   their pairs.
 * - Phone numbers are also indexed by their digits from each group on ("+1 (415) 555-0100" is
 *   found by "5550100" and "4155550100").
 */

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const RUN = new RegExp(`([${CJK}]+)|([\\p{L}\\p{N}]+)`, 'gu');
const CJK_PAIR = new RegExp(`[${CJK}]{2}`, 'u');

/** Whether a query's hits must be checked against the text: its CJK pairs may be found apart ("小明" in "明…小"). */
export function needsTextCheck(query: string): boolean {
  return CJK_PAIR.test(query);
}
const MARKS = /\p{M}+/gu;

/** Longest word kept as a token: longer runs (hashes, base64) are cut, not dropped. */
export const MAX_TOKEN_LENGTH = 32;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included, is the point
const ASCII = /^[\x00-\x7f]*$/;

export function foldText(text: string): string {
  // Most text is ASCII, where folding is only lower case (and normalising 100,000 notes costs seconds).
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(MARKS, '').normalize('NFKC').toLowerCase();
}

/** Adds the tokens of `text` to `into`. */
export function addTokens(text: string, into: Set<string>): void {
  const folded = foldText(text);
  RUN.lastIndex = 0;
  for (let m = RUN.exec(folded); m; m = RUN.exec(folded)) {
    if (m[1]) {
      const chars = [...m[1]];
      for (let i = 0; i < chars.length; i++) {
        into.add(chars[i]!);
        if (i + 1 < chars.length) into.add(chars[i]! + chars[i + 1]!);
      }
    } else if (m[2]) {
      into.add(m[2].length > MAX_TOKEN_LENGTH ? m[2].slice(0, MAX_TOKEN_LENGTH) : m[2]);
    }
  }
}

/** Adds a phone number's tokens: its groups, and its digits from each group to the end. */
export function addPhoneTokens(phone: string, into: Set<string>): void {
  addTokens(phone, into);
  const groups = foldText(phone).match(/\d+/g) ?? [];
  for (let i = 0; i < groups.length - 1; i++) into.add(groups.slice(i).join('').slice(0, MAX_TOKEN_LENGTH));
}

/** One condition of a query: a token that must be present, exactly or as a prefix of one. */
export interface QueryTerm {
  text: string;
  prefix: boolean;
}

/** At most this many terms count; the rest of a pasted paragraph is ignored. */
export const MAX_QUERY_TERMS = 8;

/** What a query asks for: every term must match (AND). Empty for a query with no letters or digits. */
export function queryTerms(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const push = (text: string, prefix: boolean) => {
    const key = `${prefix ? 'p' : 'e'}${text}`;
    if (seen.has(key) || terms.length >= MAX_QUERY_TERMS) return;
    seen.add(key);
    terms.push({ text, prefix });
  };
  const folded = foldText(query.slice(0, 500));
  RUN.lastIndex = 0;
  for (let m = RUN.exec(folded); m; m = RUN.exec(folded)) {
    if (m[1]) {
      const chars = [...m[1]];
      if (chars.length === 1) push(chars[0]!, false);
      for (let i = 0; i + 1 < chars.length; i++) push(chars[i]! + chars[i + 1]!, false);
    } else if (m[2]) {
      push(m[2].slice(0, MAX_TOKEN_LENGTH), true);
    }
  }
  return terms;
}

/**
 * Where in `text` the query's words first appear (for a snippet and its highlight), or null when
 * the text does not hold them all in order as written (CJK pairs found apart, for instance).
 */
export function findMatch(text: string, query: string): { start: number; end: number } | null {
  const words = foldText(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (!words.length) return null;
  const folded = foldText(text);
  // Folding can change lengths (ﬁ → fi); positions are then approximate, which a snippet tolerates.
  let first: { start: number; end: number } | null = null;
  for (const word of words) {
    const at = folded.indexOf(word);
    if (at < 0) return null;
    if (!first) first = { start: at, end: at + word.length };
  }
  return first;
}

/** A short excerpt of `text` around the first match, whole words where possible. */
export function snippet(text: string, query: string, width = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const match = findMatch(flat, query);
  if (!match || flat.length <= width) return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
  let start = Math.max(0, match.start - Math.floor(width / 3));
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    if (space > 0 && space < match.start) start = space + 1;
  }
  const end = Math.min(flat.length, start + width);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
