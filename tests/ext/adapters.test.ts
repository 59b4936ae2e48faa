// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPage } from '../../extension/adapters';
import { gmailAdapter } from '../../extension/adapters/gmail';

function load(html: string): Document {
  document.documentElement.innerHTML = html;
  return document;
}

// Vitest runs from the repository root.
const demoInbox = readFileSync(join(process.cwd(), 'scripts/demo/pages/inbox.html'), 'utf8');

describe('site adapters on fixture HTML', () => {
  it('reads sender, recipients, subject and thread id from a Gmail thread', () => {
    const context = gmailAdapter.read(load(demoInbox), new URL('https://mail.google.com/mail/u/0/#inbox/18d4c2a1b2c3d4e5'));
    expect(context).toMatchObject({
      site: 'gmail',
      subject: 'Re: Q3 order for the Lisbon stores',
      threadId: '18d4c2a1b2c3d4e5',
      people: [
        { email: 'ines.costa@portoverde.pt', name: 'Inês Costa', role: 'from' },
        { email: 'you@margin-demo.example', name: 'You', role: 'to' },
        { email: 'rui.almeida@portoverde.pt', name: 'Rui Almeida', role: 'to' },
      ],
    });
  });

  it('reads names in any script and skips malformed addresses', () => {
    const doc = load(`<div class="a98 iY"><h2 class="hP">合同续签</h2>
      <table><tr><td class="gF"><span class="gD" email="WANG.FANG@huachen-elec.cn" name="王芳">王芳</span></td></tr></table>
      <div class="hb"><span email="minjun.kim@hanbitfoods.co.kr" name="김민준">김민준</span><span email="not an address" name="x">x</span></div></div>`);
    const context = gmailAdapter.read(doc, new URL('https://mail.google.com/mail/u/0/'));
    expect(context?.people).toEqual([
      { email: 'wang.fang@huachen-elec.cn', name: '王芳', role: 'from' },
      { email: 'minjun.kim@hanbitfoods.co.kr', name: '김민준', role: 'to' },
    ]);
  });

  it('degrades to the generic page reader when Gmail markup is missing', () => {
    const doc = load('<div>Inbox is loading…</div>');
    const context = readPage(doc, new URL('https://mail.google.com/mail/u/0/'));
    expect(context).toMatchObject({ site: 'page', people: [], domains: ['mail.google.com'] });
  });

  it('reads a company page by domain and organisation name', () => {
    const doc = load('<head><meta property="og:site_name" content="Nordlicht Logistik"></head><body><h1>Hallo</h1></body>');
    expect(readPage(doc, new URL('https://www.nordlicht-logistik.de/ueber-uns'))).toMatchObject({
      site: 'page',
      domains: ['www.nordlicht-logistik.de'],
      org: 'Nordlicht Logistik',
    });
  });
});
