import { z } from 'zod';

/**
 * Hybrid logical clock stamps as fixed-width strings, so plain string comparison orders them:
 * wall-clock millis, then a counter, then the client id (the tie-break the server applies).
 */
export const hlcString = z.string().regex(/^\d{13}:\d{5}:[0-9a-f-]{36}$/, 'must be an HLC stamp');
export type Hlc = string;

export interface HlcClock {
  ms: number;
  counter: number;
}

const MAX_COUNTER = 99_999;

/**
 * How far ahead of the server's clock a stamp may be (architecture §3, README "Sync you can trust"). A
 * stamp beyond it is not refused (that would lose the edit): the server moves it back to this bound,
 * so a device whose clock is wrong, or a forged stamp, can win a field for at most this long.
 * Clients bound the stamps they receive the same way, so their own clock never runs off either.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** A stamp whose wall-clock part is at most `now + MAX_CLOCK_SKEW_MS`; the counter and client id kept. */
export function clampHlc(hlc: Hlc, now: number): Hlc {
  const limit = now + MAX_CLOCK_SKEW_MS;
  const parsed = parseHlc(hlc);
  if (parsed.ms <= limit) return hlc;
  return formatHlc({ ms: limit, counter: Math.min(MAX_COUNTER, parsed.counter) }, parsed.clientId);
}

export function formatHlc(clock: HlcClock, clientId: string): Hlc {
  return `${String(clock.ms).padStart(13, '0')}:${String(clock.counter).padStart(5, '0')}:${clientId}`;
}

export function parseHlc(hlc: Hlc): HlcClock & { clientId: string } {
  const [ms, counter, ...rest] = hlc.split(':');
  return { ms: Number(ms), counter: Number(counter), clientId: rest.join(':') };
}

/**
 * A clock more than this far ahead of the wall clock is not a clock but a stamp from before stamps
 * were bounded (`9999999999999:…` once reached clients): it restarts from the wall clock rather
 * than run past the stamp's 13 digits. Anything nearer is kept, so the clock never goes backwards.
 */
export const CLOCK_RESET_AHEAD_MS = 365 * 86_400_000;

function sane(clock: HlcClock, now: number): HlcClock {
  return clock.ms > now + CLOCK_RESET_AHEAD_MS ? { ms: now, counter: 0 } : clock;
}

/** Advances the clock for a local event. */
export function tickHlc(clock: HlcClock, now: number): HlcClock {
  clock = sane(clock, now);
  if (now > clock.ms) return { ms: now, counter: 0 };
  if (clock.counter >= MAX_COUNTER) return { ms: clock.ms + 1, counter: 0 };
  return { ms: clock.ms, counter: clock.counter + 1 };
}

/** Moves the clock past a stamp seen from elsewhere, so later local edits order after it. */
export function receiveHlc(clock: HlcClock, seen: Hlc, now: number): HlcClock {
  const remote = parseHlc(clampHlc(seen, now));
  clock = sane(clock, now);
  const ms = Math.max(clock.ms, remote.ms, now);
  if (ms === clock.ms && ms === remote.ms)
    return { ms, counter: Math.min(MAX_COUNTER, Math.max(clock.counter, remote.counter) + 1) };
  if (ms === clock.ms) return { ms, counter: Math.min(MAX_COUNTER, clock.counter + 1) };
  if (ms === remote.ms) return { ms, counter: Math.min(MAX_COUNTER, remote.counter + 1) };
  return { ms, counter: 0 };
}
