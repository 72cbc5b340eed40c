import { decodeJwt } from 'jose';
import type { AccessRules } from '../provider.js';

/**
 * The JWT's `venueTimezone` claim (the seed's sample carries `America/Chicago`), or undefined when the token
 * has none. Read without verifying: the client has no key, and the value only shapes how times are shown.
 */
export function readVenueTimezone(jwt: string): string | undefined {
  try {
    const claim = decodeJwt(jwt).venueTimezone;
    return typeof claim === 'string' && claim.length > 0 ? claim : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The special-area rules the session carries (`specialAreaMaxEntryPerTicket`, `specialAreaMaxCapacity`,
 * `specialAreaRequireEntryExit`) plus the venue's zone: what offline decisions must enforce at this
 * checkpoint. Absent or null claims mean "no such limit".
 */
export function readAccessRules(jwt: string): AccessRules {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(jwt);
  } catch {
    return {};
  }
  const positive = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
  const maxEntriesPerTicket = positive(claims.specialAreaMaxEntryPerTicket);
  const maxCapacity = positive(claims.specialAreaMaxCapacity);
  const venueTimeZone = readVenueTimezone(jwt);
  return {
    ...(maxEntriesPerTicket !== undefined && { maxEntriesPerTicket }),
    ...(maxCapacity !== undefined && { maxCapacity }),
    ...(claims.specialAreaRequireEntryExit === true && { requireEntryExit: true }),
    ...(venueTimeZone && { venueTimeZone }),
  };
}
