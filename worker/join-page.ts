/**
 * `GET /join`: where an invite link lands in a browser. A fixed page (nothing from the request is
 * echoed; the code stays in the fragment) that says how to use the link with Margin.
 */
export const JOIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Join your team on Margin</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:560px;margin:40px auto;padding:0 16px;color:#111827}code{background:#f3f4f6;padding:1px 4px;border-radius:4px}</style>
</head><body>
<h1>Join your team on Margin</h1>
<p>You were invited to a team on this Margin server.</p>
<ol>
<li>Install the Margin browser extension (ask whoever invited you where to get it).</li>
<li>Open Margin's options (right-click the Margin button → <em>Options</em>).</li>
<li>Copy the address of this page, including everything after <code>#</code>, and paste it into <em>Sign-in code or invite link</em>. Margin fills in the server address and the code.</li>
<li>Enter your name and sign in. The link works once and expires.</li>
</ol>
</body></html>`;

export const JOIN_PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
} as const;
