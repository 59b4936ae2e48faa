import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/factories';
import { registrableDomain, isFreeMailDomain } from '../../shared/normalize';
import { parseMutation, pushRequest } from '../../shared/protocol';
import { anyRecord, patchSchemaFor } from '../../shared/records';

const by = { memberId: 'm1', now: 1_800_000_000_000 };
const HLC = `1800000000000:00000:${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`;

describe('record schemas', () => {
  it('fills defaults and normalises emails and domains', () => {
    const contact = buildRecord('contact', { name: '王小明', emails: [' XM@Example.CN '] }, by);
    expect(contact).toMatchObject({
      type: 'contact',
      emails: ['xm@example.cn'],
      phones: [],
      accountId: null,
      deleted: false,
      createdBy: 'm1',
    });
    const account = buildRecord('account', { name: 'Acme', domains: ['ACME.com'] }, by);
    expect(account).toMatchObject({ tier: 'C', domains: ['acme.com'] });
  });

  it('rejects wrong types and unknown record types with the field named', () => {
    expect(() => buildRecord('account', { name: '' }, by)).toThrow(/name is required/);
    expect(
      anyRecord.safeParse({
        ...buildRecord('task', { subjectId: buildRecord('account', { name: 'A' }, by).id, title: 'x' }, by),
        type: 'spaceship',
      }).success,
    ).toBe(false);
    expect(() => buildRecord('contact', { name: 'x', emails: ['nope'] }, by)).toThrow(/email/);
  });

  it('patches validate only the named fields and never fill defaults', () => {
    expect(patchSchemaFor('account').parse({ tier: 'A' })).toEqual({ tier: 'A' });
    expect(patchSchemaFor('account').safeParse({ id: 'x' }).success).toBe(false);
    expect(patchSchemaFor('account').safeParse({ tier: 'Z' }).success).toBe(false);
  });
});

describe('sync protocol', () => {
  it('parses each mutation on its own so one bad one can be rejected alone', () => {
    const good = parseMutation({
      id: 1,
      name: 'record.create',
      hlc: HLC,
      args: { record: buildRecord('contact', { name: 'Kim' }, by) },
    });
    expect(good.ok).toBe(true);
    const bad = parseMutation({
      id: 2,
      name: 'record.update',
      hlc: HLC,
      args: { type: 'contact', id: buildRecord('contact', { name: 'Kim' }, by).id, patch: { emails: 'x' } },
    });
    expect(bad).toMatchObject({ ok: false, code: 'invalid_record' });
    const empty = parseMutation({
      id: 3,
      name: 'record.update',
      hlc: HLC,
      args: { type: 'contact', id: buildRecord('contact', { name: 'Kim' }, by).id, patch: {} },
    });
    expect(empty).toMatchObject({ ok: false, message: 'patch changes nothing' });
  });

  it('refuses a push envelope whose ids do not increase', () => {
    const m = (id: number) => ({ id, name: 'record.delete', hlc: HLC, args: {} });
    expect(pushRequest.safeParse({ clientId: crypto.randomUUID(), mutations: [m(1), m(3)] }).success).toBe(true);
    expect(pushRequest.safeParse({ clientId: crypto.randomUUID(), mutations: [m(3), m(2)] }).success).toBe(false);
  });
});

describe('domains', () => {
  it.each([
    ['a.b.example.co.uk', 'example.co.uk'],
    ['Ines.Costa@PortoVerde.pt', 'portoverde.pt'],
    ['https://shop.hanbitfoods.co.kr/path', 'hanbitfoods.co.kr'],
    ['127.0.0.1', null],
  ])('registrableDomain(%s) = %s', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected);
  });

  it('knows personal mailbox providers', () => {
    expect(isFreeMailDomain('qq.com')).toBe(true);
    expect(isFreeMailDomain('naver.com')).toBe(true);
    expect(isFreeMailDomain('portoverde.pt')).toBe(false);
  });
});

describe('addresses read from pages', () => {
  it('accepts what the schema accepts and refuses obvious junk', async () => {
    const { emailFromPage } = await import('../../shared/email');
    const { email } = await import('../../shared/records');
    for (const good of [' Ines.Costa@PortoVerde.pt ', 'wang.fang@huachen-elec.cn', 'a+b@x.co.uk']) {
      expect(emailFromPage(good)).toBe(email.parse(good));
    }
    for (const bad of ['not an address', 'x@', '@x.com', 'a@b', '<a@b.com>', '']) expect(emailFromPage(bad)).toBeNull();
  });
});

describe('page context from a content script', () => {
  it('drops a person with an unreadable address and keeps the rest', async () => {
    const { pageContext } = await import('../../shared/page-context');
    const parsed = pageContext.parse({
      site: 'gmail',
      url: 'https://mail.google.com/mail/u/0/#inbox/1',
      people: [
        { email: 'Ines.Costa@PortoVerde.pt', name: 'Inês', role: 'from' },
        { email: 'x@y', name: 'bad', role: 'to' },
        'junk',
      ],
      domains: [],
    });
    expect(parsed.people).toEqual([{ email: 'ines.costa@portoverde.pt', name: 'Inês', role: 'from' }]);
    expect(pageContext.safeParse({ site: 'evil', url: 'x', people: [], domains: [] }).success).toBe(false);
  });
});

describe('versions', () => {
  it('names the release in one place: the package and the protocol module agree', async () => {
    const { MARGIN_VERSION, PROTOCOL_VERSION, MIN_SERVER_PROTOCOL, compatibility, serverVersion, LEGACY_SERVER } =
      await import('../../shared/version');
    const pkg = JSON.parse(
      (await import('node:fs')).readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(MARGIN_VERSION).toBe(pkg.version);
    expect(compatibility(serverVersion())).toEqual({ ok: true });
    expect(compatibility(LEGACY_SERVER)).toEqual({ ok: true });
    expect(compatibility(serverVersion({ max: String(MIN_SERVER_PROTOCOL - 1) }))).toEqual({
      ok: false,
      code: 'server_too_old',
    });
    expect(compatibility(serverVersion({ min: String(PROTOCOL_VERSION + 1) }))).toEqual({
      ok: false,
      code: 'client_too_old',
    });
  });
});
