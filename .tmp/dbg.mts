import { readFileSync } from 'node:fs';
import { launchProfile } from '/work/main/scripts/lib/chromium';
const p = await launchProfile('/work/main/.output/chrome-mv3');
await p.context.route('https://mail.google.com/**', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: readFileSync('/work/main/tests/fixtures/webmail/gmail-thread.html', 'utf8') }));
const page = await p.context.newPage();
await page.goto('https://mail.google.com/mail/u/0/#inbox/x');
await page.waitForSelector('margin-chip', { state: 'attached', timeout: 15000 });
const n = await page.evaluate(() => new Promise<number>((res) => { let n = 0; const o = new MutationObserver((m) => { n += m.length; }); o.observe(document.body, { childList: true, subtree: true, attributes: true }); setTimeout(() => res(n), 2000); }));
console.log('mutations in 2s', n, await page.locator('margin-chip').boundingBox());
try { await page.locator('margin-chip').click({ timeout: 3000 }); console.log('clicked'); } catch (e) { console.log(String(e).slice(0, 600)); }
await p.close();
