/** Email helpers light enough for content scripts (no schema library, no public-suffix list). */

export function normalizeEmail(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * A cheap syntactic check for addresses read from a page; the background validates the whole
 * PageContext with zod anyway. Null when it is not an address.
 */
export function emailFromPage(input: string): string | null {
  const value = normalizeEmail(input);
  return value.length <= 254 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/u.test(value) ? value : null;
}
