import { describe, expect, it } from 'vitest';
import { coversUrl, siteOrigin } from '../../extension/lib/site-access';

describe('which pages a site grant covers', () => {
  it('a site’s own grant covers its pages on http and https, and no other host', () => {
    const grant = siteOrigin('https://www.nordlicht-logistik.de/about?x=1')!;
    expect(grant).toBe('*://www.nordlicht-logistik.de/*');
    expect(coversUrl(grant, 'https://www.nordlicht-logistik.de/')).toBe(true);
    expect(coversUrl(grant, 'http://www.nordlicht-logistik.de/contact#team')).toBe(true);
    expect(coversUrl(grant, 'https://nordlicht-logistik.de/')).toBe(false);
    expect(coversUrl(grant, 'https://www.nordlicht-logistik.de.evil.example/')).toBe(false);
    expect(coversUrl(grant, 'https://evil.example/?www.nordlicht-logistik.de/')).toBe(false);
  });

  it('knows schemes, subdomain wildcards and all sites, and nothing that is not a web page', () => {
    expect(coversUrl('https://mail.google.com/*', 'https://mail.google.com/mail/u/0/#inbox')).toBe(true);
    expect(coversUrl('https://mail.google.com/*', 'http://mail.google.com/')).toBe(false);
    expect(coversUrl('*://*.example.com/*', 'https://a.b.example.com/')).toBe(true);
    expect(coversUrl('*://*.example.com/*', 'https://example.com/')).toBe(true);
    expect(coversUrl('*://*.example.com/*', 'https://notexample.com/')).toBe(false);
    expect(coversUrl('*://*/*', 'https://anything.example/')).toBe(true);
    expect(coversUrl('<all_urls>', 'http://127.0.0.1:8080/x')).toBe(true);
    for (const url of [
      'moz-extension://abc/options.html',
      'file:///etc/passwd',
      'not a url',
      '',
      'javascript:alert(1)',
    ])
      for (const pattern of ['*://*/*', '<all_urls>', '*://abc/*'])
        expect(coversUrl(pattern, url), `${pattern} ${url}`).toBe(false);
    expect(coversUrl('nonsense', 'https://a.example/')).toBe(false);
  });
});
