import { describe, expect, it } from 'vitest';
import { formatDate, formatDay, setFormatLocale } from '../../extension/ui/format';
import { registerAllCatalogs } from '../../extension/i18n/catalogs';

// The pages load their language on demand; here every catalog is at hand from the start.
registerAllCatalogs();

describe('dates as the page’s language writes them', () => {
  it('follows a change of language (the formats are made once per language)', () => {
    setFormatLocale('en');
    expect(formatDay('2026-12-15')).toBe('Dec 15, 2026');
    setFormatLocale('ko');
    expect(formatDay('2026-12-15')).toBe('2026년 12월 15일');
    setFormatLocale('zh-CN');
    expect(formatDay('2026-12-15')).toBe('2026年12月15日');
    setFormatLocale('en');
    expect(formatDate(Date.UTC(2026, 11, 15, 12))).toMatch(/^Dec 1[456], 2026$/);
  });

  it('writes a date past the calendar’s range or a malformed day without throwing', () => {
    setFormatLocale('en');
    // A far-future clock: past what a Date can hold.
    expect(formatDate(9e15)).toBe('Invalid Date');
    expect(formatDay('not-a-day')).toBe('Invalid Date');
    // Far but valid: still formatted.
    expect(formatDay('9999-12-31')).toBe('Dec 31, 9999');
  });
});
