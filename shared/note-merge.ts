import { diffArrays } from 'diff';

/**
 * Tokens for merging note text: runs of whitespace, words, and single CJK characters
 * (Chinese, Japanese and Korean text has no spaces, so each character is its own token).
 */
export function tokenize(text: string): string[] {
  return (
    text.match(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gsu) ?? []
  );
}

export type NoteMergeResult = { clean: true; body: string } | { clean: false };

/**
 * Sentences and lines: the coarse pieces a note is merged by first. Each piece ends after a line
 * break or a sentence's closing punctuation and the whitespace after it, so no token spans two pieces.
 */
export function sentences(text: string): string[] {
  return text.match(/[^\n.!?。！？]*(?:[\n.!?。！？]+\s*|$)/gu)?.filter((piece) => piece !== '') ?? [];
}

/**
 * How many pieces one side may change before the merge gives up and keeps both texts (a conflict,
 * never a loss). Myers' diff costs about (length + edits²), so a bound on the edits keeps the merge
 * of a 100,000-character note in milliseconds however different the two texts are; a fixed count,
 * not a timeout, so every server decides the same way.
 */
export const MAX_MERGE_EDITS = 1_000;
/** Two edits of the same sentences are merged word by word only up to this many tokens. */
const MAX_REFINE_TOKENS = 20_000;

/** One side's change to the base: items `[start, end)` of the base replaced by `items`. */
interface Hunk {
  start: number;
  end: number;
  items: string[];
}

/** The base → side edit as hunks in base order, or null past the edit budget. */
function hunksOf(base: string[], side: string[]): Hunk[] | null {
  const changes = diffArrays(base, side, { maxEditLength: MAX_MERGE_EDITS });
  if (!changes) return null;
  const hunks: Hunk[] = [];
  let pos = 0;
  let open: Hunk | null = null;
  for (const change of changes) {
    if (change.added) {
      open ??= { start: pos, end: pos, items: [] };
      open.items.push(...change.value);
    } else if (change.removed) {
      open ??= { start: pos, end: pos, items: [] };
      pos += change.value.length;
      open.end = pos;
    } else {
      if (open) hunks.push(open);
      open = null;
      pos += change.value.length;
    }
  }
  if (open) hunks.push(open);
  return hunks;
}

/** Base items `[lo, hi)` with one side's hunks (all inside that range) applied. */
function applyWithin(base: string[], lo: number, hi: number, hunks: Hunk[]): string[] {
  const out: string[] = [];
  let pos = lo;
  for (const h of hunks) {
    for (let i = pos; i < h.start; i++) out.push(base[i]!);
    out.push(...h.items);
    pos = h.end;
  }
  for (let i = pos; i < hi; i++) out.push(base[i]!);
  return out;
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/**
 * diff3 over sequences of text pieces: hunks of the two sides that overlap or touch form a cluster;
 * a cluster changed by one side takes that side, by both the same way takes it once, and otherwise
 * `refine` may merge its three texts more finely (null: a conflict).
 */
function merge3(
  base: string[],
  mine: string[],
  theirs: string[],
  refine: (base: string, mine: string, theirs: string) => string | null,
): string | null {
  const ours = hunksOf(base, mine);
  const other = hunksOf(base, theirs);
  if (!ours || !other) return null;
  let out = '';
  let pos = 0;
  let i = 0;
  let j = 0;
  while (i < ours.length || j < other.length) {
    // The next cluster (each list is in base order, so every later hunk starts at or after `lo`).
    const first = j >= other.length || (i < ours.length && ours[i]!.start <= other[j]!.start) ? ours[i]! : other[j]!;
    const lo = first.start;
    let hi = first.end;
    const mineIn: Hunk[] = [];
    const theirsIn: Hunk[] = [];
    for (let grew = true; grew; ) {
      grew = false;
      for (; i < ours.length && ours[i]!.start <= hi; grew = true) {
        hi = Math.max(hi, ours[i]!.end);
        mineIn.push(ours[i++]!);
      }
      for (; j < other.length && other[j]!.start <= hi; grew = true) {
        hi = Math.max(hi, other[j]!.end);
        theirsIn.push(other[j++]!);
      }
    }
    out += base.slice(pos, lo).join('');
    if (!theirsIn.length) out += applyWithin(base, lo, hi, mineIn).join('');
    else if (!mineIn.length) out += applyWithin(base, lo, hi, theirsIn).join('');
    else {
      const a = applyWithin(base, lo, hi, mineIn);
      const b = applyWithin(base, lo, hi, theirsIn);
      if (same(a, b)) out += a.join('');
      else {
        const merged = refine(base.slice(lo, hi).join(''), a.join(''), b.join(''));
        if (merged === null) return null;
        out += merged;
      }
    }
    pos = hi;
  }
  return out + base.slice(pos).join('');
}

/** Word by word, for two edits of the same sentences. */
function mergeWords(base: string, mine: string, theirs: string): string | null {
  const [b, m, t] = [tokenize(base), tokenize(mine), tokenize(theirs)];
  if (b.length + m.length + t.length > MAX_REFINE_TOKENS) return null;
  return merge3(b, m, t, () => null);
}

/**
 * Three-way merge of a note body: `mine` and `theirs` both derive from `base`.
 * Clean when the two edits touch different parts (edits that meet or overlap are a conflict, unless
 * both made the same change); otherwise the caller keeps both texts. Merged by sentences and lines
 * first, then word by word where both sides changed the same sentences: the cost grows with the
 * note's length and the size of the edits, not with the length squared.
 */
export function mergeNoteBody(base: string, mine: string, theirs: string): NoteMergeResult {
  if (mine === theirs || mine === base) return { clean: true, body: theirs };
  if (theirs === base) return { clean: true, body: mine };
  const body = merge3(sentences(base), sentences(mine), sentences(theirs), mergeWords);
  return body === null ? { clean: false } : { clean: true, body };
}
