/**
 * Venue-time helpers. Entry V1 writes event times without an offset (`2025-01-01T10:00:00`), to be read in
 * the venue's zone (the JWT's `venueTimezone`), and wants offline scan times as ISO with an offset
 * (`2025-10-02T18:32:45-05:00`).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (a server could send anything in the JWT). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    offsetFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Minutes east of UTC in `timeZone` at `ms` (e.g. -300 for America/Chicago in summer). */
export function offsetMinutes(ms: number, timeZone: string): number {
  const name = offsetFormatter(timeZone)
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name ?? '');
  if (!m) return 0; // Plain `GMT`: UTC itself.
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** `YYYY-MM-DDTHH:mm:ss±hh:mm` in `timeZone` (default: this machine's zone). */
export function isoWithOffset(ms: number, timeZone?: string): string {
  const zone = timeZone && isKnownTimeZone(timeZone) ? timeZone : systemTimeZone();
  const offset = offsetMinutes(ms, zone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

/**
 * Epoch ms of an API date-time: one with `Z` or an offset is read as is; an offset-less one as wall time
 * in `timeZone`. NaN when unreadable.
 */
export function venueTimeToEpoch(value: string, timeZone?: string): number {
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return Date.parse(value);
  const zone = timeZone && isKnownTimeZone(timeZone) ? timeZone : systemTimeZone();
  const asUtc = Date.parse(`${value}Z`);
  if (Number.isNaN(asUtc)) return NaN;
  // Two passes settle the offset across a DST change (the first guess may sit on the other side of it).
  let ms = asUtc - offsetMinutes(asUtc, zone) * 60_000;
  ms = asUtc - offsetMinutes(ms, zone) * 60_000;
  return ms;
}

function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
