import { describe, expect, it } from 'vitest';
import { domainKey, hostCandidates, registrableDomain } from '../../shared/normalize';
import { normalizeOrgName, orgNameKeys, titleParts } from '../../shared/org-name';

describe('domain keys and host candidates (public-suffix aware)', () => {
  it('files a deep subdomain under its registrable domain, through every parent', () => {
    expect(hostCandidates('a.b.example.co.uk')).toEqual(['a.b.example.co.uk', 'b.example.co.uk', 'example.co.uk']);
    expect(registrableDomain('a.b.example.co.uk')).toBe('example.co.uk');
  });

  it('drops www. and case, and never offers a public suffix alone', () => {
    expect(hostCandidates('WWW.Example.COM')).toEqual(['example.com']);
    expect(hostCandidates('co.uk')).toEqual([]);
  });

  it('treats a Unicode domain and its xn-- form as the same key', () => {
    expect(domainKey('例子.中国')).toBe('xn--fsqu00a.xn--fiqs8s');
    expect(domainKey('xn--fsqu00a.xn--fiqs8s')).toBe('xn--fsqu00a.xn--fiqs8s');
    expect(hostCandidates('shop.例子.中国')).toEqual(['shop.xn--fsqu00a.xn--fiqs8s', 'xn--fsqu00a.xn--fiqs8s']);
    expect(hostCandidates('www.xn--bcher-kva.de')).toEqual([domainKey('bücher.de')]);
  });

  it('matches a subdomain against an account that lists a subdomain', () => {
    const accountDomains = new Set(['shop.example.com'].map((d) => domainKey(d)));
    expect(hostCandidates('eu.shop.example.com').some((h) => accountDomains.has(h))).toBe(true);
    expect(hostCandidates('blog.example.com').some((h) => accountDomains.has(h))).toBe(false);
  });

  it('rejects what is not a host name', () => {
    for (const bad of ['', 'a b.com', 'x@y.com', 'http://a.com/x', 'a.com:80']) expect(domainKey(bad)).toBeNull();
    expect(hostCandidates('127.0.0.1')).toEqual([]);
  });
});

describe('organisation names', () => {
  it.each([
    ['ACME Robotics, Inc.', 'acme robotics'],
    ['Acme Robotics GmbH & Co. KG', 'acme robotics'],
    ['Nordlicht Logistik GmbH', 'nordlicht logistik'],
    ['Foo S.A.', 'foo'],
    ['Big Co. Ltd.', 'big'],
    ['Example Pty Ltd', 'example'],
    ['例子科技有限公司', '例子科技'],
    ['例子科技股份有限公司', '例子科技'],
    ['株式会社例子', '例子'],
    ['주식회사 카카오', '카카오'],
    ['(주)카카오', '카카오'],
    ['㈜카카오', '카카오'],
    ['ＡＣＭＥ　Ｒｏｂｏｔｉｃｓ', 'acme robotics'],
  ])('%s → %s', (name, key) => {
    expect(normalizeOrgName(name)).toBe(key);
  });

  it('keeps a name that is only a legal form word', () => {
    expect(normalizeOrgName('Limited')).toBe('limited');
    expect(normalizeOrgName('')).toBe('');
    expect(normalizeOrgName('有限公司')).toBe('有限公司');
  });

  it('reads a title into its parts, leaving out generic ones', () => {
    expect(titleParts('Nordlicht Logistik – Ihr Partner für Kontraktlogistik')).toEqual([
      'Nordlicht Logistik – Ihr Partner für Kontraktlogistik',
      'Nordlicht Logistik',
      'Ihr Partner für Kontraktlogistik',
    ]);
    expect(titleParts('Home | Acme Inc.')).toEqual(['Home | Acme Inc.', 'Acme Inc.']);
    expect(titleParts('例子科技｜首页')).toEqual(['例子科技｜首页', '例子科技']);
    expect(titleParts('   ')).toEqual([]);
  });

  it('de-duplicates keys and bounds them', () => {
    expect(orgNameKeys(['Acme Inc.', 'ACME', 'acme, inc', 'Other GmbH'])).toEqual(['acme', 'other']);
    expect(orgNameKeys(Array.from({ length: 30 }, (_, i) => `Name ${i}`))).toHaveLength(12);
  });
});
