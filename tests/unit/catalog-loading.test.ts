import { describe, expect, it } from 'vitest';
import { hasCatalog, loadCatalog, translate } from '../../extension/i18n';
import { en } from '../../extension/i18n/en';
import { ko } from '../../extension/i18n/ko';

// This file never registers the catalogs up front: it sees what a page sees before its language arrives.
describe('catalogs loaded on demand', () => {
  it('writes English until the language is loaded, then the language; loading twice is one load', async () => {
    expect(hasCatalog('en')).toBe(true);
    expect(hasCatalog('ko')).toBe(false);
    expect(translate('ko', 'common.cancel')).toBe(en['common.cancel']);
    const first = loadCatalog('ko');
    expect(loadCatalog('ko')).toBe(first);
    await first;
    expect(hasCatalog('ko')).toBe(true);
    expect(translate('ko', 'common.cancel')).toBe(ko['common.cancel']);
    expect(translate('ko', 'common.cancel')).not.toBe(en['common.cancel']);
    // The other languages are still not here: each is its own chunk.
    expect(hasCatalog('zh-CN')).toBe(false);
    await loadCatalog('en');
  });
});
