import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLOCK_RESET_AHEAD_MS,
  MAX_CLOCK_SKEW_MS,
  clampHlc,
  formatHlc,
  hlcString,
  parseHlc,
  receiveHlc,
  tickHlc,
} from '../../shared/hlc';

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

  it('never goes backwards, even when the wall clock does (by up to a year)', () => {
    const start = 1_700_000_000_000;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: start, max: start + CLOCK_RESET_AHEAD_MS }), { minLength: 1, maxLength: 50 }),
        (nows) => {
          let clock = { ms: start, counter: 0 };
          let previous = formatHlc(clock, CLIENT_A);
          for (const now of nows) {
            clock = tickHlc(clock, now);
            const stamp = formatHlc(clock, CLIENT_A);
            expect(stamp > previous).toBe(true);
            previous = stamp;
          }
        },
      ),
    );
  });

  it('moves past a stamp received from a client whose clock is ahead, within the accepted skew', () => {
    const ahead = formatHlc({ ms: 1_500 + MAX_CLOCK_SKEW_MS - 1, counter: 7 }, '00000000-0000-4000-8000-00000000000b');
    const clock = receiveHlc({ ms: 1_000, counter: 0 }, ahead, 1_500);
    expect(formatHlc(tickHlc(clock, 1_600), CLIENT_A) > ahead).toBe(true);
  });

  it('bounds a far-future stamp it receives, so its own clock stays a valid stamp', () => {
    const now = 1_700_000_000_000;
    const forged = `9999999999999:99999:${'00000000-0000-4000-8000-00000000000b'}`;
    let clock = receiveHlc({ ms: now, counter: 0 }, forged, now);
    expect(clock.ms).toBe(now + MAX_CLOCK_SKEW_MS);
    for (let i = 0; i < 200_001; i++) clock = tickHlc(clock, now);
    expect(hlcString.safeParse(formatHlc(clock, CLIENT_A)).success).toBe(true);
    expect(clampHlc(forged, now)).toBe(
      formatHlc({ ms: now + MAX_CLOCK_SKEW_MS, counter: 99_999 }, '00000000-0000-4000-8000-00000000000b'),
    );
  });

  it('restarts a clock left at the end of time by an earlier version', () => {
    const now = 1_700_000_000_000;
    const poisoned = { ms: 9_999_999_999_999, counter: 99_999 };
    const next = tickHlc(poisoned, now);
    expect(next.ms).toBe(now);
    expect(hlcString.safeParse(formatHlc(next, CLIENT_A)).success).toBe(true);
    expect(receiveHlc(poisoned, formatHlc({ ms: now, counter: 0 }, CLIENT_A), now).ms).toBeLessThan(
      now + MAX_CLOCK_SKEW_MS + 1,
    );
  });
});
