// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPage } from '../../extension/adapters';
import { PAGE_LIMITS } from '../../extension/adapters/page';
import { pageContext } from '../../shared/page-context';

const load = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const fixture = (name: string) => readFileSync(join(process.cwd(), 'tests/fixtures/pages', name), 'utf8');

describe('page reader (ordinary web pages)', () => {
  it('reads a company site: JSON-LD organisation, og:site_name, title, description and its addresses', () => {
    const reading = readPage(load(fixture('company.html')), new URL('https://careers.nordlicht-logistik.de/jobs'));
    const { context } = reading;
    expect(context.site).toBe('page');
    expect(context.domains).toEqual(['careers.nordlicht-logistik.de', 'www.nordlicht-logistik.de']);
    expect(context.page?.names).toEqual(['Nordlicht Logistik GmbH', 'Nordlicht Logistik']);
    expect(context.page?.title).toBe('Contract logistics from Hamburg | Nordlicht Logistik');
    expect(context.page?.description).toBe(
      'Contract logistics and warehousing for retail and industry in northern Germany.',
    );
    // mailto links first (a link's text is the name when it is not the address), then addresses in text.
    expect(context.page?.addresses).toEqual([
      { email: 'j.weber@nordlicht-logistik.de', name: '' },
      { email: 'lena.hoffmann@nordlicht-logistik.de', name: 'Lena Hoffmann' },
      { email: 'info@nordlicht-logistik.de', name: '' },
    ]);
    // Where each address is, to mark the known ones: a link's contents, or the text node holding the address.
    // (happy-dom's Range offsets are unreliable; the marked text itself is checked in Chromium by the e2e suite.)
    expect(reading.marks?.map((m) => [m.email, m.range.startContainer.textContent])).toEqual([
      ['j.weber@nordlicht-logistik.de', 'j.weber@nordlicht-logistik.de'],
      ['lena.hoffmann@nordlicht-logistik.de', 'Lena Hoffmann'],
      ['info@nordlicht-logistik.de', 'General enquiries: info@nordlicht-logistik.de.'],
    ]);
    expect(pageContext.parse(context)).toMatchObject({ site: 'page' });
  });

  it('reads addresses in a news article, but not the publisher as the subject, nor code blocks', () => {
    const { context } = readPage(load(fixture('news.html')), new URL('https://harbour-daily.example/2026/11/ports'));
    expect(context.page?.names).toEqual(['Harbour Daily']);
    expect(context.page?.addresses.map((a) => a.email)).toEqual([
      'j.weber@nordlicht-logistik.de',
      'press@harbour-daily.example',
    ]);
  });

  it('reads a profile page in Chinese: the organisation from JSON-LD and its site', () => {
    const { context } = readPage(load(fixture('profile.html')), new URL('https://profiles.example.com/u/wang'));
    expect(context.page?.names).toEqual(['华辰电子有限公司']);
    expect(context.domains).toContain('www.huachen-elec.cn');
    // "发邮件" ("send email") is the link's instruction, not a name.
    expect(context.page?.addresses).toEqual([{ email: 'wang.xiaoming@huachen-elec.cn', name: '' }]);
  });

  it('stays within its bounds on a page with thousands of addresses', () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => `<p>Person ${i}: person${i}@example-${i}.com</p>`).join('');
    const { context } = readPage(
      load(`<html><head><title>Directory</title></head><body>${rows}</body></html>`),
      new URL('https://directory.example.org/'),
    );
    expect(context.page?.addresses).toHaveLength(PAGE_LIMITS.addresses);
    expect(pageContext.safeParse(context).success).toBe(true);
  });

  it('skips a mailto link with broken escapes and reads the rest of the page', () => {
    const html =
      '<html><head><meta property="og:site_name" content="Example Co"></head><body><a href="mailto:%E0%A4%A">broken</a> <a href="mailto:ok@example.com">Ok Person</a></body></html>';
    const { context } = readPage(load(html), new URL('https://example.com/'));
    expect(context.page?.names).toEqual(['Example Co']);
    expect(context.page?.addresses).toEqual([{ email: 'ok@example.com', name: 'Ok Person' }]);
  });

  it('degrades on a page with nothing to say', () => {
    const { context } = readPage(load('<html><body></body></html>'), new URL('https://blank.example/'));
    expect(context).toMatchObject({
      site: 'page',
      people: [],
      domains: ['blank.example'],
      page: { title: '', description: '', names: [], addresses: [] },
    });
  });
});
