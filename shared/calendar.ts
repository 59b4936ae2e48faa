/** Calendar days in a given time zone: the prompts' idea of "today", "in 3 days", "overdue". */

export const DAY_MS = 86_400_000;

export interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

const HOUR_MS = 3_600_000;
const cache = new Map<string, Map<number, LocalDate>>();

/**
 * The calendar date of an instant in `timeZone`. Time zones change offset only on whole quarter
 * hours, so the answer is cached per quarter hour: Intl is slow, and the prompt rules ask often.
 */
export function localDate(at: number, timeZone: string): LocalDate {
  let zone = cache.get(timeZone);
  if (!zone) {
    zone = new Map();
    cache.set(timeZone, zone);
  }
  const bucket = Math.floor(at / (HOUR_MS / 4));
  let date = zone.get(bucket);
  if (!date) {
    const parts = formatter(timeZone).formatToParts(bucket * (HOUR_MS / 4));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    date = { year: get('year'), month: get('month'), day: get('day') };
    if (zone.size > 200_000) zone.clear();
    zone.set(bucket, date);
  }
  return date;
}

/** True for whole numbers a calendar day can have (years past 99, where Date.UTC means them as written). */
const plainDay = (d: LocalDate) =>
  Number.isInteger(d.year) &&
  Number.isInteger(d.month) &&
  Number.isInteger(d.day) &&
  d.year >= 100 &&
  d.year <= 275_000 &&
  d.month >= 1 &&
  d.month <= 12 &&
  Math.abs(d.day) <= 100_000;

/**
 * Days since 1970-01-01 of a calendar day, in integer arithmetic (the proleptic Gregorian calendar,
 * as `Date.UTC`; a day past its month's end runs on into the next, as there). The prompt rules ask
 * hundreds of thousands of times per run, and `Date.UTC` costs several times as much.
 */
function dayNumber(d: LocalDate): number {
  if (!plainDay(d)) return Math.round(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);
  const y = d.month <= 2 ? d.year - 1 : d.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5) + d.day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The calendar day of a day number (the inverse of `dayNumber`). */
function fromDayNumber(n: number): LocalDate {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** Days from date `a` to date `b` (calendar days, independent of daylight saving). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const n = plainDay(date) && Number.isInteger(days) ? dayNumber(date) + days : Number.NaN;
  // Past the years 100 and 275,000 (or not whole days), as Date does it.
  if (!(n >= -682_000 && n <= 99_700_000)) {
    const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  return fromDayNumber(n);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The next occurrence, on or after `today`, of a yearly date `MM-DD` or the one-off date
 * `YYYY-MM-DD` (null once a one-off date has passed). 29 February falls on 28 February in other years.
 */
export function nextOccurrence(date: string, today: LocalDate): LocalDate | null {
  const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (m[1]) {
    const once = { year: Number(m[1]), month, day };
    return daysBetween(today, once) >= 0 ? once : null;
  }
  const inYear = (year: number): LocalDate => ({
    year,
    month,
    day: month === 2 && day === 29 && !isLeapYear(year) ? 28 : day,
  });
  const thisYear = inYear(today.year);
  return daysBetween(today, thisYear) >= 0 ? thisYear : inYear(today.year + 1);
}

export function formatLocalDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/**
 * The first instant of a calendar day in `timeZone` (its local midnight, or the first moment after a
 * daylight-saving gap that skips it): an instant at or after it falls on that day or later.
 */
export function startOfDay(date: LocalDate, timeZone: string): number {
  const step = HOUR_MS / 4;
  // Every zone is within UTC−12…+14 of the day's UTC midnight: walk forward from the earliest candidate.
  const utcMidnight = Date.UTC(date.year, date.month - 1, date.day);
  for (let at = utcMidnight - 14 * HOUR_MS; at <= utcMidnight + 13 * HOUR_MS; at += step)
    if (daysBetween(localDate(at, timeZone), date) <= 0) return at;
  return utcMidnight;
}

/** How many of the latest days `daysAgo` keeps the first instant of (a little over two years). */
const DAYS_AGO_SPAN = 800;

/**
 * Calendar days from an instant's day to `today` in `timeZone` (negative for later days), for many
 * instants at once: the first instant of each of the last 800 days is worked out once and each
 * instant found among them by a binary search, so 20,000 accounts' last touches need no Intl call
 * each (localDate's quarter-hour cache rarely hits for real interactions' times).
 */
export function daysAgoFrom(today: LocalDate, timeZone: string): (at: number) => number {
  const starts = new Float64Array(DAYS_AGO_SPAN + 1); // starts[k]: the first instant of today − k days
  starts[0] = startOfDay(today, timeZone);
  for (let k = 1; k <= DAYS_AGO_SPAN; k++) {
    const day = addDays(today, -k);
    // A day is 24 hours long but across a daylight-saving change: check the guess, look it up then.
    const guess = starts[k - 1]! - DAY_MS;
    const fits =
      daysBetween(localDate(guess, timeZone), day) === 0 &&
      daysBetween(localDate(guess - HOUR_MS / 4, timeZone), day) === 1;
    starts[k] = fits ? guess : startOfDay(day, timeZone);
  }
  return (at) => {
    if (at >= starts[0]! || at < starts[DAYS_AGO_SPAN]!) return daysBetween(localDate(at, timeZone), today);
    // The first k whose day began at or before `at`.
    let lo = 1;
    let hi = DAYS_AGO_SPAN;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= at) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
