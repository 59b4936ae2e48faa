/**
 * Organisation names as people write them ("ACME Robotics, Inc.", "株式会社例子", "(주)카카오")
 * reduced to one comparable key, so a page's name matches the team's account name.
 */

/** Legal forms, compared after lower-casing and with dots removed; matched as whole words. */
const LEGAL_WORDS = [
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'plc',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'se',
  'ev',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'asa',
  'aps',
  'kk',
  'pte',
  'pty',
  'sdn',
  'bhd',
  'kft',
  'zrt',
  'sro',
  'spzoo',
  'oü',
  'ooo',
  'zao',
  'pjsc',
  'jsc',
  'holding',
  'holdings',
  'group',
];
/** Two-word legal forms, e.g. "GmbH & Co. KG" reduces word by word; these need both words. */
const LEGAL_PAIRS = [
  ['pty', 'ltd'],
  ['pte', 'ltd'],
  ['sdn', 'bhd'],
  ['co', 'ltd'],
  ['co', 'kg'],
];
/** Legal forms written without spaces (Chinese, Japanese, Korean), longest first; stripped at either end. */
const CJK_FORMS = [
  '股份有限公司',
  '有限责任公司',
  '有限責任公司',
  '集团有限公司',
  '集團有限公司',
  '有限公司',
  '株式会社',
  '有限会社',
  '合同会社',
  '주식회사',
  '유한회사',
  '유한책임회사',
  '(주)',
  '㈜',
  '（株）',
  '(株)',
  '㈱',
  '公司',
  '集团',
  '集團',
];
const LEGAL = new Set(LEGAL_WORDS);
const CJK_KEYS = CJK_FORMS.map((form) => form.normalize('NFKC'));

/** The comparable key of an organisation name; '' when nothing but a legal form (or nothing) is left. */
export function normalizeOrgName(name: string): string {
  let value = name.normalize('NFKC').toLowerCase().trim();
  // CJK legal forms at either end, possibly several ("株式会社 例子 有限公司" is unusual, but cheap to allow).
  for (let changed = true; changed; ) {
    changed = false;
    value = value.trim();
    if (CJK_KEYS.includes(value)) break; // a name that is only a legal form stays as it is
    for (const f of CJK_KEYS) {
      if (value.startsWith(f) && value.length > f.length) {
        value = value.slice(f.length);
        changed = true;
      }
      if (value.endsWith(f) && value.length > f.length) {
        value = value.slice(0, -f.length);
        changed = true;
      }
    }
  }
  const words = value
    .replace(/&/g, ' ')
    .replace(/(\p{L})\.(?=\p{L}\.)/gu, '$1') // "s.a." → "sa.", then the dot goes below
    .replace(/[.\u00b7'’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  // Legal forms at the end ("acme robotics inc", "x gmbh co kg"), and at the start only for a few ("kk", handled by CJK).
  while (words.length > 1) {
    const last = words[words.length - 1]!;
    const pair = words.length > 2 && LEGAL_PAIRS.some(([a, b]) => words[words.length - 2] === a && last === b);
    if (pair) words.splice(-2, 2);
    else if (LEGAL.has(last)) words.pop();
    else break;
  }
  return words.join(' ');
}

/** Separators between a page title's parts: "Acme Robotics | Home", "Über uns – Nordlicht Logistik". */
const TITLE_SEPARATORS = /\s+[|–—·•:»›-]\s+|\s*[|｜–—·•»›]\s*/u;

/**
 * The names a page may go by, most telling first: JSON-LD organisation names, `og:site_name`,
 * then the parts of the title. Keys are de-duplicated; at most `limit`.
 */
export function orgNameKeys(names: readonly string[], limit = 12): string[] {
  const keys: string[] = [];
  for (const name of names) {
    const key = normalizeOrgName(name);
    if (key && key.length <= 120 && !keys.includes(key)) keys.push(key);
    if (keys.length >= limit) break;
  }
  return keys;
}

/** Title parts that name a page of a site, not an organisation. */
const GENERIC_PARTS = new Set([
  'home',
  'homepage',
  'about',
  'about us',
  'contact',
  'contact us',
  'news',
  'blog',
  'login',
  'log in',
  'sign in',
  'welcome',
  'startseite',
  'kontakt',
  'impressum',
  '首页',
  '主页',
  '關於我們',
  '关于我们',
  '홈',
  '회사소개',
]);

/** A title's parts, for `orgNameKeys`: the whole title first, then each part that could be a name. */
export function titleParts(title: string): string[] {
  const whole = title.trim().slice(0, 300);
  if (!whole) return [];
  const split = whole.split(TITLE_SEPARATORS).map((p) => p.trim());
  if (split.length < 2) return [whole];
  return [whole, ...split.filter((p) => p.length > 1 && !GENERIC_PARTS.has(p.toLowerCase()))];
}
