import { describe, expect, it } from 'vitest';
import { parseNamedAddress } from '../../shared/email';
import { parseSignature } from '../../shared/signature';

describe('signature parsing', () => {
  it('reads a sign-off signature with separators on one line', () => {
    const text =
      'Hello,\n\nCould we split the Q3 delivery?\n\nBest regards,\nInês Costa\nHead of Purchasing · Porto Verde Retail\n+351 21 555 0142 · www.portoverde.pt';
    expect(parseSignature(text, { name: 'Inês Costa' })).toEqual({
      name: 'Inês Costa',
      title: 'Head of Purchasing',
      company: 'Porto Verde Retail',
      phone: '+351 21 555 0142',
      website: 'www.portoverde.pt',
    });
  });

  it('reads a "-- " delimited signature with "title at company" and a labelled phone', () => {
    const text =
      'See you Tuesday.\n-- \nGrace Miller\nProcurement Manager at Cedar & Pine Hotels\nT: (503) 555-0118\nhttps://cedarpine.com/contact';
    expect(parseSignature(text, { name: 'Grace Miller' })).toEqual({
      name: 'Grace Miller',
      title: 'Procurement Manager',
      company: 'Cedar & Pine Hotels',
      phone: '(503) 555-0118',
      website: 'cedarpine.com',
    });
  });

  it('reads Chinese and Korean signatures', () => {
    expect(
      parseSignature('附件是报价单。\n\n此致\n王小明\n采购经理 | 华辰电子有限公司\n电话：+86 755 5550 8812', {
        name: '王小明',
      }),
    ).toEqual({
      name: '王小明',
      title: '采购经理',
      company: '华辰电子有限公司',
      phone: '+86 755 5550 8812',
    });
    expect(
      parseSignature('샘플 감사합니다.\n감사합니다.\n김민준\n구매팀장\n한빛식품 주식회사\n전화: 02-555-0190', {
        name: '김민준',
      }),
    ).toEqual({
      name: '김민준',
      title: '구매팀장',
      company: '한빛식품 주식회사',
      phone: '02-555-0190',
    });
  });

  it('ignores quoted history, dates and order numbers, and guesses nothing without a signature', () => {
    const text =
      'Order 20261123 ships on 2026-11-23.\n\nOn Mon, Nov 16, 2026 at 10:02 AM Alice wrote:\n> Regards,\n> Alice\n> Sales Director, Margin Ltd\n> +1 555 0100 0000';
    expect(parseSignature(text, { name: 'Dale Brooks' })).toEqual({});
  });

  it('reads a bare number only when it looks like one', () => {
    expect(parseSignature('Thanks,\nSam\nFounder\nKestrel Outdoor\n720 555 0150', { name: 'Sam' }).phone).toBe(
      '720 555 0150',
    );
    expect(parseSignature('Thanks,\nSam\nRef 72055501501', { name: 'Sam' }).phone).toBeUndefined();
  });
});

describe('named addresses', () => {
  it('reads the forms webmail shows', () => {
    expect(parseNamedAddress('Lena Hoffmann <L.Hoffmann@nordlicht-logistik.de>')).toEqual({
      name: 'Lena Hoffmann',
      email: 'l.hoffmann@nordlicht-logistik.de',
    });
    expect(parseNamedAddress('"O\'Brien, Seán" <sean@portoverde.pt>')).toEqual({
      name: "O'Brien, Seán",
      email: 'sean@portoverde.pt',
    });
    expect(parseNamedAddress('王小明<wang@huachen-elec.cn>')).toEqual({
      name: '王小明',
      email: 'wang@huachen-elec.cn',
    });
    expect(parseNamedAddress('priya@blueheronbooks.com')).toEqual({ name: '', email: 'priya@blueheronbooks.com' });
    expect(parseNamedAddress('Alice Rep')).toBeNull();
    expect(parseNamedAddress('x <not an address>')).toBeNull();
  });
});
