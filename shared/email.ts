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
  return value.length <= 254 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/u.test(value)
    ? value
    : null;
}

/**
 * Reads `Name <address>`, `"Last, First" <address>`, `<address>` or a bare address, as webmail
 * shows people in titles and labels. Null when there is no address in it.
 */
export function parseNamedAddress(input: string): { name: string; email: string } | null {
  const text = input.trim();
  const bracketed = /^(.*?)<([^<>]+)>\s*$/u.exec(text);
  if (bracketed) {
    const email = emailFromPage(bracketed[2]!);
    return email ? { name: cleanDisplayName(bracketed[1]!), email } : null;
  }
  const email = emailFromPage(text);
  return email ? { name: '', email } : null;
}

/** A display name as written in a header: surrounding quotes and stray separators removed. */
export function cleanDisplayName(input: string): string {
  return input
    .trim()
    .replace(/^["'“”‘’]+|["'“”‘’]+$/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, 200);
}
