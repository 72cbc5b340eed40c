import { describe, expect, it } from 'vitest';
import {
  checkScanWindow,
  isInScanWindow,
  parseVenueDateTime,
  zoneOffsetMs,
} from '../../electron/core/offline/scan-window.js';

const H = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

describe('reading venue date-times', () => {
  it('reads offset-less times in the zone and honours explicit offsets and Z', () => {
    expect(parseVenueDateTime('2026-06-01T18:00:00', 'Europe/Berlin')).toBe(utc('2026-06-01T16:00:00Z'));
    expect(parseVenueDateTime('2026-01-15T18:00:00', 'Europe/Berlin')).toBe(utc('2026-01-15T17:00:00Z'));
    expect(parseVenueDateTime('2026-06-01T18:00:00', 'America/New_York')).toBe(utc('2026-06-01T22:00:00Z'));
    expect(parseVenueDateTime('2026-06-01T18:00:00Z', 'Europe/Berlin')).toBe(utc('2026-06-01T18:00:00Z'));
    expect(parseVenueDateTime('2026-06-01T18:00:00+05:30', 'Europe/Berlin')).toBe(
      utc('2026-06-01T12:30:00Z'),
    );
    expect(parseVenueDateTime('2026-06-01T18:00:00-0400', 'UTC')).toBe(utc('2026-06-01T22:00:00Z'));
    expect(parseVenueDateTime('2026-06-01T18:00:00.250', 'UTC')).toBe(utc('2026-06-01T18:00:00.250Z'));
    expect(parseVenueDateTime('2026-06-01', 'Europe/Berlin')).toBe(utc('2026-05-31T22:00:00Z'));
  });

  it('refuses text that is not a real date-time', () => {
    for (const bad of ['tomorrow', '2026-02-30T10:00:00', '2026-06-01T25:00:00', '01/06/2026 18:00'])
      expect(parseVenueDateTime(bad, 'UTC')).toBeUndefined();
  });

  it('handles the DST changes: gap moves forward, overlap takes the first occurrence', () => {
    // Europe/Berlin 2026: clocks jump 02:00 → 03:00 on 29 March, fall back 03:00 → 02:00 on 25 October.
    expect(zoneOffsetMs('Europe/Berlin', utc('2026-03-29T00:59:59Z'))).toBe(1 * H);
    expect(zoneOffsetMs('Europe/Berlin', utc('2026-03-29T01:00:00Z'))).toBe(2 * H);
    expect(parseVenueDateTime('2026-03-29T01:59:00', 'Europe/Berlin')).toBe(utc('2026-03-29T00:59:00Z'));
    expect(parseVenueDateTime('2026-03-29T03:00:00', 'Europe/Berlin')).toBe(utc('2026-03-29T01:00:00Z'));
    // 02:30 never shows on the clocks that night: read as 03:30 CEST.
    expect(parseVenueDateTime('2026-03-29T02:30:00', 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'));
    // 02:30 shows twice on 25 October: the first (CEST) one.
    expect(parseVenueDateTime('2026-10-25T02:30:00', 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00Z'));
    expect(parseVenueDateTime('2026-10-25T03:30:00', 'Europe/Berlin')).toBe(utc('2026-10-25T02:30:00Z'));
    // America/New_York, 8 March 2026 02:00 → 03:00.
    expect(parseVenueDateTime('2026-03-08T02:30:00', 'America/New_York')).toBe(utc('2026-03-08T07:30:00Z'));
  });

  it('a window spanning the spring-forward night lasts 23 real hours', () => {
    const event = {
      scanStart: '2026-03-28T20:00:00',
      scanEnd: '2026-03-29T20:00:00',
      timeZone: 'Europe/Berlin',
    };
    const c = checkScanWindow(event, utc('2026-03-29T12:00:00Z'));
    expect(c).toMatchObject({ state: 'open', zone: 'Europe/Berlin' });
    expect(c.closesAt! - c.opensAt!).toBe(23 * H);
    expect(isInScanWindow(event, utc('2026-03-29T17:59:59.999Z'))).toBe(true); // 19:59:59.999 CEST
    expect(isInScanWindow(event, utc('2026-03-29T18:00:00Z'))).toBe(false); // 20:00 CEST: end is exclusive
    expect(isInScanWindow(event, utc('2026-03-28T19:00:00Z'))).toBe(true); // 20:00 CET: start inclusive
    expect(isInScanWindow(event, utc('2026-03-28T18:59:59.999Z'))).toBe(false);
  });
});

describe('scan windows', () => {
  const event = {
    scanStart: '2026-06-01T18:00:00',
    scanEnd: '2026-06-01T23:00:00',
    timeZone: 'Europe/Berlin',
  };

  it('says whether the window is not yet open, open or closed', () => {
    expect(checkScanWindow(event, utc('2026-06-01T15:59:00Z')).state).toBe('not-yet-open');
    expect(checkScanWindow(event, utc('2026-06-01T16:00:00Z')).state).toBe('open');
    expect(checkScanWindow(event, utc('2026-06-01T21:00:00Z')).state).toBe('closed');
  });

  it('falls back from the event zone to the venue zone to UTC, never the device zone', () => {
    const noZone = { scanStart: '2026-06-01T18:00:00' };
    expect(checkScanWindow(noZone, 0, 'America/New_York')).toMatchObject({
      zone: 'America/New_York',
      opensAt: utc('2026-06-01T22:00:00Z'),
    });
    expect(checkScanWindow(noZone, 0)).toMatchObject({ zone: 'UTC', opensAt: utc('2026-06-01T18:00:00Z') });
    expect(checkScanWindow({ ...noZone, timeZone: 'Mars/Olympus' }, 0, 'Europe/Berlin').zone).toBe(
      'Europe/Berlin',
    );
    expect(checkScanWindow(event, 0, 'America/New_York').zone).toBe('Europe/Berlin'); // the event's own wins
  });

  it('treats a missing window, or a missing side, as open; an unreadable bound is ignored and reported', () => {
    expect(checkScanWindow({}, 0).state).toBe('open');
    expect(isInScanWindow({ scanEnd: '2026-06-01T23:00:00Z' }, utc('2020-01-01T00:00:00Z'))).toBe(true);
    expect(isInScanWindow({ scanStart: '2026-06-01T18:00:00Z' }, utc('2099-01-01T00:00:00Z'))).toBe(true);
    const c = checkScanWindow({ scanStart: 'soon', scanEnd: '2026-06-01T23:00:00Z' }, 0);
    expect(c.state).toBe('open');
    expect(c.ignored).toEqual([{ field: 'scanStart', value: 'soon', reason: 'not an ISO date-time' }]);
  });

  /*
   * Clock skew. The window is converted to instants once (venue zone, no device clock involved) and
   * compared with the device's `at`. A device clock reading `real + skew` therefore admits from
   * `opensAt - skew` until `closesAt - skew` in real time: the window moves by exactly the skew, in the
   * opposite direction, and keeps its length. Nothing else changes (no zone confusion, no DST mix-up).
   */
  it('a device clock skewed ±1 h shifts the window by exactly the skew', () => {
    const opensAt = utc('2026-06-01T16:00:00Z'); // 18:00 Berlin
    const closesAt = utc('2026-06-01T21:00:00Z'); // 23:00 Berlin
    const M = 60_000;
    for (const skew of [-H, 0, H]) {
      const deviceSays = (real: number) => isInScanWindow(event, real + skew);
      // Sweep real time minute by minute over the day and find where the device admitted.
      const admitted: number[] = [];
      for (let real = utc('2026-06-01T10:00:00Z'); real < utc('2026-06-02T04:00:00Z'); real += M)
        if (deviceSays(real)) admitted.push(real);
      expect(admitted[0]).toBe(opensAt - skew);
      expect(admitted.at(-1)! + M).toBe(closesAt - skew);
      expect(admitted.length * M).toBe(5 * H);
    }
    // Concretely, with the device 1 h fast: a patron at 17:30 Berlin real time (window not open) is
    // admitted, and one at 22:30 real time (window open) is stopped. With it 1 h slow: one at 18:30 real time
    // (open) is stopped, and one at 23:30 real time (closed) is admitted.
    expect(isInScanWindow(event, utc('2026-06-01T15:30:00Z') + H)).toBe(true);
    expect(isInScanWindow(event, utc('2026-06-01T20:30:00Z') + H)).toBe(false);
    expect(isInScanWindow(event, utc('2026-06-01T16:30:00Z') - H)).toBe(false);
    expect(isInScanWindow(event, utc('2026-06-01T21:30:00Z') - H)).toBe(true);
  });
});
