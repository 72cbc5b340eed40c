import { decodeJwt } from 'jose';

export interface SessionTimes {
  /** Seconds since the epoch, from the JWT; undefined when the token carries none. */
  iat?: number;
  exp?: number;
}

/** Reads `iat`/`exp` without verifying (the client has no key; the server verifies). Throws on a non-JWT. */
export function readSessionTimes(jwt: string): SessionTimes {
  const payload = decodeJwt(jwt);
  return {
    iat: typeof payload.iat === 'number' ? payload.iat : undefined,
    exp: typeof payload.exp === 'number' ? payload.exp : undefined,
  };
}

/**
 * True when the session should be renewed before the next call: within `marginSeconds` of `exp`, or past
 * it. The margin is capped at half the token's lifetime, so a short-lived token is not renewed on every
 * call. Without `exp`, only a 401 renews.
 */
export function needsRenewal(times: SessionTimes, nowMs: number, marginSeconds: number): boolean {
  if (times.exp === undefined) return false;
  const lifetime = times.iat !== undefined ? times.exp - times.iat : undefined;
  const margin =
    lifetime !== undefined && lifetime > 0 ? Math.min(marginSeconds, lifetime / 2) : marginSeconds;
  return nowMs / 1000 >= times.exp - margin;
}
