/**
 * Invite links: `<server>/join#code=XXXXX-XXXXX`. The code travels in the fragment, which browsers
 * never send to the server, so opening the link leaves no code in any log; Margin's sign-in reads
 * the server address and the code from the pasted link.
 */
export function inviteLink(serverUrl: string, code: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/join#code=${encodeURIComponent(code)}`;
}

/** The server address and code in an invite link; null when the text is not one (a bare code, say). */
export function parseInviteLink(text: string): { serverUrl: string; code: string } | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !/\/join\/?$/.test(url.pathname)) return null;
  const code = new URLSearchParams(url.hash.slice(1)).get('code')?.trim();
  if (!code || code.length > 64) return null;
  return { serverUrl: `${url.origin}${url.pathname.replace(/\/join\/?$/, '')}`, code };
}
