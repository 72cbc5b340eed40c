import type { ReferenceEvent } from '../providers/provider.js';

/**
 * Scan windows, read in venue time.
 *
 * Providers give scan windows as ISO date-times. One with an offset (`Z`, `+02:00`) is an instant and is
 * taken as given. One without (`2026-06-01T18:00:00`) is venue wall-clock time, read in the event's IANA
 * zone, else the venue's (AccessRules.venueTimeZone), else UTC: kiosk images usually run in UTC whatever
 * the venue, so the device zone says nothing and is never used.
 *
 * The window is compared with `at`, the device clock. A device clock that is off by +1 h therefore opens
 * and closes every window 1 h early in real time, and -1 h 1 h late: the skew shifts decisions by exactly
 * the skew, no more (the zone arithmetic does not depend on the device clock or the device zone).
 *
 * Rules: the start is inclusive and the end exclusive. A missing bound is unbounded, so an event without a
 * scan window is always open: providers that send none (most ticket lists) expect the gate to admit on the
 * ticket alone, and stopping everyone offline for a missing field would be worse. A bound that cannot be
 * read is treated as missing and reported in `ignored`. Wall-clock times in a DST gap (02:30 on the
 * spring-forward night) move forward by the gap; ambiguous ones (01:30 on the fall-back night) take the
 * first occurrence — the same as Temporal's `compatible` disambiguation.
 */

export type WindowState = 'open' | 'not-yet-open' | 'closed';

export interface ScanWindowCheck {
  state: WindowState;
  /** Epoch ms, when the event has a readable start / end. */
  opensAt?: number;
  closesAt?: number;
  /** The zone offset-less times were read in. */
  zone: string;
  ignored: { field: 'scanStart' | 'scanEnd'; value: string; reason: string }[];
}

type WindowEvent = Pick<ReferenceEvent, 'scanStart' | 'scanEnd' | 'timeZone'>;

interface Bounds {
  opensAt?: number;
  closesAt?: number;
  zone: string;
  ignored: ScanWindowCheck['ignored'];
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat | null>();
// Bounds per event object and venue zone: parsing and zone arithmetic run once per sync, not per scan.
const boundsCache = new WeakMap<WindowEvent, Map<string, Bounds>>();

export function checkScanWindow(event: WindowEvent, at: number, venueTimeZone?: string): ScanWindowCheck {
  const b = windowBounds(event, venueTimeZone);
  const state: WindowState =
    b.opensAt !== undefined && at < b.opensAt
      ? 'not-yet-open'
      : b.closesAt !== undefined && at >= b.closesAt
        ? 'closed'
        : 'open';
  return {
    state,
    zone: b.zone,
    ignored: b.ignored,
    ...(b.opensAt !== undefined && { opensAt: b.opensAt }),
    ...(b.closesAt !== undefined && { closesAt: b.closesAt }),
  };
}

export function isInScanWindow(event: WindowEvent, at: number, venueTimeZone?: string): boolean {
  return checkScanWindow(event, at, venueTimeZone).state === 'open';
}

function windowBounds(event: WindowEvent, venueTimeZone: string | undefined): Bounds {
  let perVenue = boundsCache.get(event);
  if (!perVenue) boundsCache.set(event, (perVenue = new Map()));
  const key = venueTimeZone ?? '';
  const cached = perVenue.get(key);
  if (cached) return cached;
  const zone = [event.timeZone, venueTimeZone].find((z) => z !== undefined && isTimeZone(z)) ?? 'UTC';
  const bounds: Bounds = { zone, ignored: [] };
  for (const field of ['scanStart', 'scanEnd'] as const) {
    const value = event[field];
    if (value === undefined || value === '') continue;
    const ms = parseVenueDateTime(value, zone);
    if (ms === undefined) bounds.ignored.push({ field, value, reason: 'not an ISO date-time' });
    else if (field === 'scanStart') bounds.opensAt = ms;
    else bounds.closesAt = ms;
  }
  perVenue.set(key, bounds);
  return bounds;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch ms of an ISO date-time (date-only means midnight). With an offset it is that instant; without,
 * it is wall-clock time in `zone`. Undefined when the text is not a real date-time.
 */
export function parseVenueDateTime(text: string, zone: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls 2026-02-30 over to March; a real date-time survives the round trip unchanged.
  const back = new Date(wall);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  const offset = m[8];
  if (offset === undefined) return wallClockToEpoch(wall, zone);
  if (offset.toUpperCase() === 'Z') return wall;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
  return wall - (offset.startsWith('-') ? -1 : 1) * minutes * 60_000;
}

/**
 * The instant at which the clocks in `zone` show `wall` (wall-clock fields encoded as if UTC). The zone's
 * offset is taken from a day before and a day after, so a DST change in between is seen from both sides.
 */
export function wallClockToEpoch(wall: number, zone: string): number {
  const before = zoneOffsetMs(zone, wall - DAY_MS);
  const after = zoneOffsetMs(zone, wall + DAY_MS);
  const valid = [before, after].map((o) => wall - o).filter((t) => zoneOffsetMs(zone, t) === wall - t);
  if (valid.length > 0) return Math.min(...valid); // fall-back overlap: the first occurrence
  // Spring-forward gap: this wall time never shows. Reading it with the old offset lands after the gap.
  return wall - before;
}

/** The zone's offset from UTC at instant `at`, in ms (Europe/Berlin in summer: +7,200,000). */
export function zoneOffsetMs(zone: string, at: number): number {
  const f = formatter(zone);
  if (!f) throw new RangeError(`unknown time zone: ${zone}`);
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(at / 1000) * 1000;
}

export function isTimeZone(zone: string): boolean {
  return formatter(zone) !== null;
}

/** Constructing an Intl.DateTimeFormat costs tens of µs; one per zone is kept. */
function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}
