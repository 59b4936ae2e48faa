import { diff3Merge } from 'node-diff3';

/**
 * Tokens for merging note text: runs of whitespace, words, and single CJK characters
 * (Chinese, Japanese and Korean text has no spaces, so each character is its own token).
 */
export function tokenize(text: string): string[] {
  return text.match(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gsu) ?? [];
}

export type NoteMergeResult = { clean: true; body: string } | { clean: false };

/**
 * Three-way merge of a note body: `mine` and `theirs` both derive from `base`.
 * Clean when the two edits touch different parts; otherwise the caller keeps both texts.
 */
export function mergeNoteBody(base: string, mine: string, theirs: string): NoteMergeResult {
  if (mine === theirs || mine === base) return { clean: true, body: theirs };
  if (theirs === base) return { clean: true, body: mine };
  const blocks = diff3Merge(tokenize(mine), tokenize(base), tokenize(theirs), { excludeFalseConflicts: true }) as Array<
    { ok: string[] } | { conflict: unknown }
  >;
  const out: string[] = [];
  for (const block of blocks) {
    if ('conflict' in block) return { clean: false };
    out.push(...block.ok);
  }
  return { clean: true, body: out.join('') };
}
