import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CATALOGS, LOCALES, placeholders, resolveLocale, translate, type MessageKey } from '../../extension/i18n';
import { en } from '../../extension/i18n/en';

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
      ...readdirSync(join(root, 'extension/entrypoints'), { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => readdirSync(join(root, 'extension/entrypoints', d.name)).map((f) => `extension/entrypoints/${d.name}/${f}`)),
    ].filter((f) => f.endsWith('.tsx'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect({ file, found: hardCodedText(file) }).toEqual({ file, found: [] });
  });
});

/** JSX text with letters, and string literals in aria-label, placeholder, title and alt, except the product's name. */
function hardCodedText(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(__dirname, '../..', file), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text) && node.text.trim() !== 'Margin') found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && ['aria-label', 'placeholder', 'title', 'alt'].includes(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer) && /\p{L}/u.test(node.initializer.text) && !/^https?:\/\/|^[\w.-]+\.[a-z]{2,}$/.test(node.initializer.text)) {
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
    expect(translate('zh-CN', 'sync.progress', { received: 1500, total: 100000 })).toBe('正在同步… 1,500 / 100,000 条记录');
    expect(translate('zh-TW', 'search.none', { query: '王' })).toBe('沒有符合「王」的客戶、聯絡人或備註。');
    expect(translate('en', 'sync.synced', {})).toBe('Synced {when}'); // a missing value stays visible, not "undefined"
  });
});
