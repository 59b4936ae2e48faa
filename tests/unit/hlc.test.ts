import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc, parseHlc, receiveHlc, tickHlc } from '../../shared/hlc';

const CLIENT_A = '00000000-0000-4000-8000-00000000000a';

describe('hybrid logical clock', () => {
  it('orders stamps by string comparison exactly as by (ms, counter, client)', () => {
    fc.assert(
      fc.property(
        fc.record({ ms: fc.integer({ min: 0, max: 9_999_999_999_999 }), counter: fc.integer({ min: 0, max: 99_999 }) }),
        fc.record({ ms: fc.integer({ min: 0, max: 9_999_999_999_999 }), counter: fc.integer({ min: 0, max: 99_999 }) }),
        (x, y) => {
          const sx = formatHlc(x, CLIENT_A);
          const sy = formatHlc(y, CLIENT_A);
          const byFields = x.ms !== y.ms ? Math.sign(x.ms - y.ms) : Math.sign(x.counter - y.counter);
          expect(Math.sign(sx.localeCompare(sy, 'en'))).toBe(byFields === 0 ? 0 : byFields);
          expect(sx < sy).toBe(byFields < 0);
          expect(parseHlc(sx)).toEqual({ ...x, clientId: CLIENT_A });
        },
      ),
    );
  });

  it('never goes backwards, even when the wall clock does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000_000_000_000 }), { minLength: 1, maxLength: 50 }), (nows) => {
        let clock = { ms: 0, counter: 0 };
        let previous = formatHlc(clock, CLIENT_A);
        for (const now of nows) {
          clock = tickHlc(clock, now);
          const stamp = formatHlc(clock, CLIENT_A);
          expect(stamp > previous).toBe(true);
          previous = stamp;
        }
      }),
    );
  });

  it('moves past a stamp received from a client whose clock is ahead', () => {
    const ahead = formatHlc({ ms: 2_000_000_000_000, counter: 7 }, '00000000-0000-4000-8000-00000000000b');
    const clock = receiveHlc({ ms: 1_000, counter: 0 }, ahead, 1_500);
    expect(formatHlc(tickHlc(clock, 1_600), CLIENT_A) > ahead).toBe(true);
  });
});
