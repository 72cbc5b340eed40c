/**
 * Reads `expiration-timestamp`. The seed says it "should be in UTC … The timezone offset is ignored and
 * always considers the timestamp in UTC", so the wall-clock part is read as UTC and any offset is dropped,
 * exactly as WalletThat itself reads it.
 *
 * Returns epoch ms, `null` when the pass has no expiry, or `NaN` when the value cannot be read.
 */
export function readExpiration(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?/.exec(value);
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  // Date.UTC rolls 2025-02-31 over into March; a date that does not round-trip is unreadable.
  const d = new Date(ms);
  if (d.getUTCMonth() !== month! - 1 || d.getUTCDate() !== day!) return Number.NaN;
  return ms;
}
