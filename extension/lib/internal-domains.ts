import { registrableDomain } from '../../shared/normalize';
import type { Settings } from '../../shared/records';

/** The team's own domains: addresses there are colleagues, never customers. */
export function internalDomainSet(settings: Settings | undefined): Set<string> {
  return new Set((settings?.internalDomains ?? []).map((d) => registrableDomain(d) ?? d));
}

export function isInternalAddress(email: string, internal: ReadonlySet<string>): boolean {
  const d = registrableDomain(email);
  return !!d && internal.has(d);
}
