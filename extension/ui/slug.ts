/** A short id made from a name ("Routine visit" → "routine-visit"), not one of `taken` (then "-2", "-3" …). */
export function slugId(text: string, taken: readonly string[], fallback = 'item'): string {
  const base =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || fallback;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}
