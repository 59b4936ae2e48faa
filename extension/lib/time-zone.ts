/** The rep's time zone, as the browser has it (UTC when it cannot say). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
