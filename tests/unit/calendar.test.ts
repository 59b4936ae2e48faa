import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, type LocalDate } from '../../shared/calendar';

/** What the arithmetic replaced: Date.UTC, which the calendar must keep agreeing with. */
const byDate = {
  daysBetween: (a: LocalDate, b: LocalDate) =>
    Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000),
  addDays: (date: LocalDate, days: number): LocalDate => {
    const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  },
};

const day = fc.record({
  year: fc.integer({ min: 100, max: 275_000 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: -40, max: 70 }),
});
const anyDay = fc.record({
  year: fc.oneof(fc.integer({ min: -300_000, max: 300_000 }), fc.double(), fc.constant(Number.NaN)),
  month: fc.oneof(fc.integer({ min: -3, max: 15 }), fc.double()),
  day: fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double()),
});

describe('calendar arithmetic', () => {
  it('property: days between two days and a day plus n days agree with Date.UTC, across leap years and centuries', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: -3_000_000, max: 3_000_000 }), (a, b, n) => {
        expect(daysBetween(a, b)).toBe(byDate.daysBetween(a, b));
        expect(addDays(a, n)).toEqual(byDate.addDays(a, n));
      }),
      { numRuns: 3_000 },
    );
  });

  it('property: out of range, fractional or NaN parts give what Date gives (NaN, not a wrong day)', () => {
    fc.assert(
      fc.property(anyDay, anyDay, fc.oneof(fc.integer(), fc.double()), (a, b, n) => {
        expect(daysBetween(a, b)).toEqual(byDate.daysBetween(a, b));
        expect(addDays(a, n)).toEqual(byDate.addDays(a, n));
      }),
      { numRuns: 3_000 },
    );
  });

  it('knows the days that trip calendars', () => {
    expect(daysBetween({ year: 2024, month: 2, day: 28 }, { year: 2024, month: 3, day: 1 })).toBe(2);
    expect(daysBetween({ year: 2100, month: 2, day: 28 }, { year: 2100, month: 3, day: 1 })).toBe(1);
    expect(daysBetween({ year: 2000, month: 2, day: 28 }, { year: 2000, month: 3, day: 1 })).toBe(2);
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 1970, month: 1, day: 1 }, -1)).toEqual({ year: 1969, month: 12, day: 31 });
  });
});
