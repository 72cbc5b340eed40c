import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { needsRenewal, readSessionTimes } from '../../electron/core/providers/entry-v1/jwt-renewal.js';

const T0 = 1_770_154_746; // the seed sample's iat
const DAY = 86_400;

describe('Entry V1 JWT renewal decision', () => {
  const times = { iat: T0, exp: T0 + DAY };

  it('keeps the token until the margin before exp', () => {
    expect(needsRenewal(times, (T0 + 10) * 1000, 300)).toBe(false);
    expect(needsRenewal(times, (T0 + DAY - 301) * 1000, 300)).toBe(false);
  });

  it('renews inside the margin, at exp and after it', () => {
    expect(needsRenewal(times, (T0 + DAY - 300) * 1000, 300)).toBe(true);
    expect(needsRenewal(times, (T0 + DAY - 1) * 1000, 300)).toBe(true);
    expect(needsRenewal(times, (T0 + DAY) * 1000, 300)).toBe(true);
    expect(needsRenewal(times, (T0 + 2 * DAY) * 1000, 300)).toBe(true);
  });

  it('caps the margin at half the lifetime, so short tokens are not renewed on every call', () => {
    const short = { iat: T0, exp: T0 + 120 };
    expect(needsRenewal(short, (T0 + 30) * 1000, 300)).toBe(false);
    expect(needsRenewal(short, (T0 + 60) * 1000, 300)).toBe(true);
  });

  it('with a zero margin renews exactly at exp', () => {
    expect(needsRenewal(times, (T0 + DAY) * 1000 - 1, 0)).toBe(false);
    expect(needsRenewal(times, (T0 + DAY) * 1000, 0)).toBe(true);
  });

  it('never renews by time without exp (only a 401 renews then)', () => {
    expect(needsRenewal({ iat: T0 }, (T0 + 10 * DAY) * 1000, 300)).toBe(false);
  });

  it('reads iat/exp from a JWT without verifying it, and refuses a non-JWT', async () => {
    const signed = await new SignJWT({ deviceId: 1 })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(T0)
      .setExpirationTime(T0 + DAY)
      .sign(new TextEncoder().encode('k'.repeat(32)));
    expect(readSessionTimes(signed)).toEqual({ iat: T0, exp: T0 + DAY });
    expect(readSessionTimes(new UnsecuredJWT({}).encode())).toEqual({ iat: undefined, exp: undefined });
    expect(() => readSessionTimes('not-a-jwt')).toThrow();
  });
});
