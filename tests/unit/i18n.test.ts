import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LOCALES, placeholders, resolveLocale, translate, type MessageKey } from '../../extension/i18n';
import { CATALOGS, registerAllCatalogs } from '../../extension/i18n/catalogs';
import { en } from '../../extension/i18n/en';
import { describeError, MessageError, setErrorLocale, wordsOf } from '../../extension/i18n/errors';
import { ServerError } from '../../extension/background/api-client';
import { withChipWords } from '../../extension/background/chip-words';
import { z } from 'zod';

registerAllCatalogs();

const keys = Object.keys(en) as MessageKey[];

describe('message catalogs', () => {
  it.each(LOCALES)('%s has every message, none empty, with the same placeholders as English', (locale) => {
    const catalog = CATALOGS[locale];
    expect(Object.keys(catalog).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(catalog[key].trim(), `${locale} ${key}`).not.toBe('');
      expect(placeholders(catalog[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
    }
  });

  it('every singular form has its general form', () => {
    for (const key of keys.filter((k) => k.endsWith('_one'))) expect(keys).toContain(key.slice(0, -4));
  });

  it('no page or component has hard-coded text in its markup', () => {
    const root = join(__dirname, '../..');
    const files = [
      ...readdirSync(join(root, 'extension/components')).map((f) => `extension/components/${f}`),
      ...readdirSync(join(root, 'extension/entrypoints'), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) =>
          readdirSync(join(root, 'extension/entrypoints', d.name)).map((f) => `extension/entrypoints/${d.name}/${f}`),
        ),
    ].filter((f) => f.endsWith('.tsx'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect({ file, found: hardCodedText(file) }).toEqual({ file, found: [] });
  });
});

/** JSX text with letters, and string literals in aria-label, placeholder, title and alt, except the product's name. */
function hardCodedText(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(__dirname, '../..', file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text) && node.text.trim() !== 'Margin') found.push(node.text.trim());
    if (
      ts.isJsxAttribute(node) &&
      ['aria-label', 'placeholder', 'title', 'alt'].includes(node.name.getText()) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      /\p{L}/u.test(node.initializer.text) &&
      !/^https?:\/\/|^[\w.-]+\.[a-z]{2,}$/.test(node.initializer.text)
    ) {
      found.push(`${node.name.getText()}="${node.initializer.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('choosing and using a language', () => {
  it('follows the browser’s first language Margin speaks', () => {
    expect(resolveLocale(['zh-CN', 'en'])).toBe('zh-CN');
    expect(resolveLocale(['zh-Hans-SG'])).toBe('zh-CN');
    expect(resolveLocale(['zh-TW'])).toBe('zh-TW');
    expect(resolveLocale(['zh-Hant-HK'])).toBe('zh-TW');
    expect(resolveLocale(['zh-HK'])).toBe('zh-TW');
    expect(resolveLocale(['ko-KR'])).toBe('ko');
    expect(resolveLocale(['de-DE', 'ko', 'en'])).toBe('ko');
    expect(resolveLocale(['fr', 'de'])).toBe('en');
    expect(resolveLocale([])).toBe('en');
  });

  it('fills placeholders, formats numbers per locale, and uses the singular where the language has one', () => {
    expect(translate('en', 'import.newContacts', { count: 1 })).toBe('1 new contact');
    expect(translate('en', 'import.newContacts', { count: 12345 })).toBe('12,345 new contacts');
    expect(translate('ko', 'import.newContacts', { count: 1 })).toBe('새 연락처 1개');
    expect(translate('zh-CN', 'sync.progress', { received: 1500, total: 100000 })).toBe(
      '正在同步… 1,500 / 100,000 条记录',
    );
    expect(translate('zh-TW', 'search.none', { query: '王' })).toBe('沒有符合「王」的客戶、聯絡人或備註。');
    expect(translate('en', 'sync.synced', {})).toBe('Synced {when}'); // a missing value stays visible, not "undefined"
  });
});

describe('errors in the rep’s language', () => {
  it('writes an error of the extension in any language, also after the trip from the background (own properties copied onto a plain Error)', () => {
    const error = new MessageError('error.personalDomain', { domain: 'naver.com' });
    expect(error.message).toBe('naver.com is a personal mail provider; it cannot be a company’s domain.');
    expect(describeError(error, 'ko')).toBe('naver.com은(는) 개인 메일 서비스이므로 회사 도메인이 될 수 없습니다.');
    const relayed = Object.assign(new Error(error.message), { ...error });
    expect(describeError(relayed, 'zh-CN')).toBe('naver.com 是个人邮箱服务商，不能作为公司的域名。');
  });

  it('writes a server’s error by its code, with the server’s words as the detail; an unknown code keeps the server’s message', () => {
    expect(describeError(new ServerError(403, 'forbidden', 'members cannot invite'), 'zh-TW')).toBe(
      '你在團隊中的角色不允許此操作。',
    );
    expect(describeError(new ServerError(400, 'bad_request', 'title: too long'), 'en')).toBe(
      'The server refused this: title: too long',
    );
    expect(describeError(new ServerError(418, 'teapot', 'I am a teapot'), 'ko')).toBe('I am a teapot');
    expect(
      describeError(
        {
          code: 'offline',
          message: 'cannot reach the server at http://x',
          ...wordsOf(new ServerError(0, 'offline', 'x', { key: 'error.offline', vars: { server: 'http://x' } })),
        },
        'ko',
      ),
    ).toBe('http://x 서버에 연결할 수 없음');
  });

  it('writes validation problems in the chosen language (zod’s own translations)', () => {
    setErrorLocale('ko');
    try {
      const result = z.object({ name: z.string().max(3) }).safeParse({ name: 'too long' });
      expect(result.success).toBe(false);
      expect(describeError(result.error)).toMatch(/^name: .*[가-힣]/);
    } finally {
      setErrorLocale('en');
    }
    const english = z.object({ name: z.string().max(3) }).safeParse({ name: 'too long' });
    expect(describeError(english.error)).toMatch(/^name: Too big/);
  });
});

describe('the chip’s words, written by the background', () => {
  it('counts next steps and notes in the rep’s language, and asks an unknown sender to be added', () => {
    const known = {
      signedIn: true,
      primary: { kind: 'contact' as const, label: 'Kim', openTasks: 1, notes: 3 },
      knownPeople: 1,
      knownEmails: [],
    };
    expect(withChipWords(known, 'en').words).toEqual({
      detail: '1 next step · 3 notes',
      open: 'Open the side panel',
      title: 'Open in Margin',
    });
    expect(withChipWords(known, 'ko').words?.detail).toBe('다음 단계 1개 · 메모 3개');
    const unknown = { ...known, primary: { ...known.primary, kind: 'unknown' as const } };
    expect(withChipWords(unknown, 'zh-CN').words?.detail).toBe('未知 — 添加');
    expect(withChipWords({ ...unknown, signedIn: false }, 'en').words?.detail).toBe('sign in to Margin');
    expect(withChipWords({ ...known, primary: null }, 'en').words).toBeUndefined();
  });
});
