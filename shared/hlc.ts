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

export function formatHlc(clock: HlcClock, clientId: string): Hlc {
  return `${String(clock.ms).padStart(13, '0')}:${String(clock.counter).padStart(5, '0')}:${clientId}`;
}

export function parseHlc(hlc: Hlc): HlcClock & { clientId: string } {
  const [ms, counter, ...rest] = hlc.split(':');
  return { ms: Number(ms), counter: Number(counter), clientId: rest.join(':') };
}

/** Advances the clock for a local event. */
export function tickHlc(clock: HlcClock, now: number): HlcClock {
  if (now > clock.ms) return { ms: now, counter: 0 };
  if (clock.counter >= MAX_COUNTER) return { ms: clock.ms + 1, counter: 0 };
  return { ms: clock.ms, counter: clock.counter + 1 };
}

/** Moves the clock past a stamp seen from elsewhere, so later local edits order after it. */
export function receiveHlc(clock: HlcClock, seen: Hlc, now: number): HlcClock {
  const remote = parseHlc(seen);
  const ms = Math.max(clock.ms, remote.ms, now);
  if (ms === clock.ms && ms === remote.ms) return { ms, counter: Math.min(MAX_COUNTER, Math.max(clock.counter, remote.counter) + 1) };
  if (ms === clock.ms) return { ms, counter: Math.min(MAX_COUNTER, clock.counter + 1) };
  if (ms === remote.ms) return { ms, counter: Math.min(MAX_COUNTER, remote.counter + 1) };
  return { ms, counter: 0 };
}
