// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMessageText, readPage } from '../../extension/adapters';
import { gmailAdapter } from '../../extension/adapters/gmail';
import { outlookAdapter } from '../../extension/adapters/outlook';
import { pageContext } from '../../shared/page-context';
import { parseSignature } from '../../shared/signature';

/** A fixture as a whole document, as the content script sees the page. Vitest runs from the repository root. */
function load(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}
const fixture = (name: string) => readFileSync(join(process.cwd(), 'tests/fixtures/webmail', name), 'utf8');
const GMAIL_THREAD = new URL('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWbLmvtbn');
const OUTLOOK_THREAD = new URL('https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMS1hYjQ2');

describe('Gmail adapter', () => {
  it('reads the current thread markup: sender of the open message first, to and cc, ids, date, subject', () => {
    const reading = gmailAdapter.read(load(fixture('gmail-thread.html')), GMAIL_THREAD)!;
    expect(reading.context).toMatchObject({
      site: 'gmail',
      subject: 'Re: 2027 framework renewal',
      threadId: '18f0a1b2c3d4e5f6',
      messageId: '18f0a1b2c3d4e5f8',
      link: GMAIL_THREAD.href,
      sentAt: new Date(2026, 10, 23, 9, 14).getTime(),
    });
    expect(reading.context.people).toEqual([
      { email: 'marta.silva@portoverde.pt', name: 'Marta Silva', role: 'from' },
      { email: 'alice@margin-e2e.example', name: 'Alice Rep', role: 'to', self: true },
      // Display names keep their quotes off and their scripts intact.
      { email: 'sean.obrien@portoverde.pt', name: "O'Brien, Seán", role: 'to' },
      { email: 'minjun.kim@hanbitfoods.co.kr', name: '김민준', role: 'cc' },
      { email: 'wang.xiaoming@huachen-elec.cn', name: '王小明', role: 'from' },
    ]);
    // The chip goes beside the open message's sender.
    expect(reading.anchor?.querySelector('[email]')?.getAttribute('email')).toBe('Marta.Silva@PortoVerde.pt');
    expect(pageContext.safeParse(reading.context).success).toBe(true);
  });

  it('reads the classic markup with non-Latin names, drops an unreadable address, and parses a CJK date', () => {
    const reading = gmailAdapter.read(
      load(fixture('gmail-classic.html')),
      new URL('https://mail.google.com/mail/u/0/#inbox'),
    )!;
    expect(reading.context.subject).toBe('合同续签 / 계약 갱신');
    expect(reading.context.threadId).toBe('17a0b1c2d3e4f5a6');
    expect(reading.context.sentAt).toBe(new Date(2026, 10, 20, 14, 14).getTime());
    expect(reading.context.people).toEqual([
      { email: 'wang.xiaoming@huachen-elec.cn', name: '王小明', role: 'from' },
      { email: 'rep@example.org', name: '', role: 'to', self: true },
      { email: 'li.wei@huachen-elec.cn', name: '李伟', role: 'to' },
      { email: 'minjun.kim@hanbitfoods.co.kr', name: '김민준', role: 'to' },
    ]);
  });

  it('reads a compose window: chips by field, the classic hidden inputs with quoted names, the subject', () => {
    const reading = gmailAdapter.read(load(fixture('gmail-compose.html')), GMAIL_THREAD)!;
    expect(reading.anchor).toBeNull();
    expect(reading.context).toMatchObject({ site: 'gmail', compose: true, subject: 'Samples for the new properties' });
    expect(reading.context.people).toEqual([
      { email: 'grace.miller@cedarpine.com', name: 'Grace Miller', role: 'to' },
      { email: 'tom.nguyen@maplehealth.ca', name: 'Tom Nguyen', role: 'cc' },
      { email: 'priya@blueheronbooks.com', name: 'Shah, Priya', role: 'bcc' },
      { email: 'dale.brooks@tidewatermarine.com', name: '', role: 'bcc' },
    ]);
  });

  it('reads the open message text for a signature, without the quoted history', () => {
    const doc = load(fixture('gmail-thread.html'));
    const text = readMessageText(doc, GMAIL_THREAD, 'marta.silva@portoverde.pt')!;
    expect(text).toContain('volume rebates');
    expect(text).not.toContain('Call me on');
    expect(parseSignature(text, { name: 'Marta Silva' })).toEqual({
      name: 'Marta Silva',
      title: 'Senior Buyer',
      company: 'Porto Verde Retail, S.A.',
      phone: '+351 912 555 019',
      website: 'www.portoverde.pt',
    });
    expect(readMessageText(doc, GMAIL_THREAD, 'nobody@example.com')).toBeNull();
  });

  it('degrades to the generic page reader when Gmail markup is missing or the adapter throws', () => {
    expect(readPage(load('<div>Inbox is loading…</div>'), GMAIL_THREAD).context).toMatchObject({
      site: 'page',
      people: [],
      domains: ['mail.google.com'],
    });
    const doc = load(fixture('gmail-thread.html'));
    // A broken page (or a broken selector) must never throw into the page.
    Object.defineProperty(doc, 'querySelectorAll', {
      configurable: true,
      value: () => {
        throw new Error('selector broke');
      },
    });
    expect(readPage(doc, GMAIL_THREAD).context).toMatchObject({ site: 'page', people: [] });
    Object.defineProperty(doc, 'querySelector', {
      configurable: true,
      value: () => {
        throw new Error('selector broke');
      },
    });
    expect(readPage(doc, GMAIL_THREAD).context).toMatchObject({
      site: 'page',
      people: [],
      domains: ['mail.google.com'],
    });
  });
});

describe('Outlook adapter', () => {
  it('reads the reading pane: newest message sender first, To and Cc wells, ids from the URL and the item', () => {
    const reading = outlookAdapter.read(load(fixture('outlook-thread.html')), OUTLOOK_THREAD)!;
    expect(reading.context).toMatchObject({
      site: 'outlook',
      subject: 'Angebot Lager Hamburg',
      threadId: 'AAQkADAwATM0MDAAMS1hYjQ2',
      messageId: 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A2',
      sentAt: new Date(2026, 10, 23, 9, 40).getTime(),
    });
    expect(reading.context.people).toEqual([
      { email: 'j.weber@nordlicht-logistik.de', name: 'Jonas Weber', role: 'from' },
      { email: 'alice@margin-e2e.example', name: 'Alice Rep', role: 'to' },
      { email: 'l.hoffmann@nordlicht-logistik.de', name: 'Lena Hoffmann', role: 'to' },
      { email: 'wang.xiaoming@huachen-elec.cn', name: '王小明', role: 'cc' },
    ]);
    expect(reading.anchor?.getAttribute('data-testid')).toBe('SenderPersona');
  });

  it('reads a compose form with Korean and quoted names', () => {
    const reading = outlookAdapter.read(
      load(fixture('outlook-compose.html')),
      new URL('https://outlook.live.com/mail/0/deeplink/compose'),
    )!;
    expect(reading.context).toMatchObject({ site: 'outlook', compose: true, subject: 'Quality audit dates' });
    expect(reading.context.people).toEqual([
      { email: 'seoyeon.lee@hanbitfoods.co.kr', name: '이서연', role: 'to' },
      { email: 'f.clarke@aurora-schools.org.uk', name: 'Fiona Clarke', role: 'to' },
      { email: 'tom.nguyen@maplehealth.ca', name: 'Nguyen, Tom', role: 'cc' },
    ]);
  });

  it('parses the German signature of the newest message, not the quoted reply', () => {
    const text = readMessageText(
      load(fixture('outlook-thread.html')),
      OUTLOOK_THREAD,
      'j.weber@nordlicht-logistik.de',
    )!;
    expect(parseSignature(text, { name: 'Jonas Weber' })).toEqual({
      name: 'Jonas Weber',
      title: 'Geschäftsführer',
      company: 'Nordlicht Logistik GmbH',
      phone: '+49 40 5550 2210',
      website: 'www.nordlicht-logistik.de',
    });
  });
});

describe('generic page reader', () => {
  it('reads a company page by domain and organisation name', () => {
    const doc = load(
      '<html><head><meta property="og:site_name" content="Nordlicht Logistik"></head><body><h1>Hallo</h1></body></html>',
    );
    expect(readPage(doc, new URL('https://www.nordlicht-logistik.de/ueber-uns')).context).toMatchObject({
      site: 'page',
      domains: ['www.nordlicht-logistik.de'],
      org: 'Nordlicht Logistik',
    });
  });
});
