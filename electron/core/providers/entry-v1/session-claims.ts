import { decodeJwt } from 'jose';

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
