import { describe, expect, it } from 'vitest';
import { addPhoneTokens, addTokens, findMatch, foldText, queryTerms, snippet } from '../../shared/search-text';

const tokens = (text: string) => {
  const set = new Set<string>();
  addTokens(text, set);
  return [...set];
};

describe('search tokens', () => {
  it('folds case, width and accents', () => {
    expect(foldText('José ÅNGSTRÖM Ｍａｒｇｉｎ')).toBe('jose angstrom margin');
    expect(tokens('Zoë Müller-Lüdenscheidt')).toEqual(['zoe', 'muller', 'ludenscheidt']);
  });

  it('keeps Hangul syllables whole after folding (decomposed and recomposed)', () => {
    expect(foldText('김민수')).toBe('김민수');
    expect(tokens('김민수님')).toEqual(['김', '김민', '민', '민수', '수', '수님', '님']);
  });

  it('splits addresses and domains into words', () => {
    expect(tokens('jane.doe@acme-corp.co.uk')).toEqual(['jane', 'doe', 'acme', 'corp', 'co', 'uk']);
  });

  it('indexes Chinese by characters and pairs of characters, mixed with Latin words', () => {
    expect(tokens('王小明 CEO')).toEqual(['王', '王小', '小', '小明', '明', 'ceo']);
    expect(tokens('例子科技有限公司')).toContain('科技');
  });

  it('indexes a phone number by its groups and its digits from each group on', () => {
    const set = new Set<string>();
    addPhoneTokens('+1 (415) 555-0100', set);
    expect([...set]).toEqual(
      expect.arrayContaining(['1', '415', '555', '0100', '14155550100', '4155550100', '5550100']),
    );
  });

  it('cuts very long runs instead of dropping them', () => {
    expect(tokens('x'.repeat(100))).toEqual(['x'.repeat(32)]);
  });
});

describe('query terms', () => {
  it('every word is a prefix term; CJK is looked up by pairs, or by the one character typed', () => {
    expect(queryTerms('Jane ac')).toEqual([
      { text: 'jane', prefix: true },
      { text: 'ac', prefix: true },
    ]);
    expect(queryTerms('小明')).toEqual([{ text: '小明', prefix: false }]);
    expect(queryTerms('王小明')).toEqual([
      { text: '王小', prefix: false },
      { text: '小明', prefix: false },
    ]);
    expect(queryTerms('王')).toEqual([{ text: '王', prefix: false }]);
    expect(queryTerms('민수')).toEqual([{ text: '민수', prefix: false }]);
  });

  it('ignores punctuation, repeats and anything past eight terms', () => {
    expect(queryTerms('  --- @@ ')).toEqual([]);
    expect(queryTerms('acme acme')).toHaveLength(1);
    expect(queryTerms('a b c d e f g h i j k')).toHaveLength(8);
  });
});

describe('snippets', () => {
  const body =
    'Met the buying team on Tuesday. They want the warehouse pilot priced before the board meets in March, and Jonas asked for references from two logistics customers.';

  it('shows the text around the first match', () => {
    const s = snippet(body, 'references', 60);
    expect(s).toContain('references');
    expect(s.startsWith('…')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(62);
  });

  it('finds CJK words only where they are written together', () => {
    expect(findMatch('王小明负责采购', '小明')).toEqual({ start: 1, end: 3 });
    expect(findMatch('明天小王来', '小明')).toBeNull();
  });

  it('a short text is shown whole', () => {
    expect(snippet('Prefers calls.', 'calls')).toBe('Prefers calls.');
  });
});
