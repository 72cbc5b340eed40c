/**
 * Passcreator's date-time formats: `Y-m-d H:i:s` (App Scan `createdOn`) and `Y-m-d H:i` (the scan list's
 * `createdSince`), written as wall-clock time in one IANA zone (no offset in the string).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      ...(timeZone && { timeZone }),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f;
}

/** `2017-05-01 20:10:04` for an epoch-ms instant, in `timeZone` (default: this machine's zone). */
export function formatCreatedOn(ms: number, timeZone?: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `2017-05-01 20:10` (minutes precision), for `createdSince`. */
export function formatCreatedSince(ms: number, timeZone?: string): string {
  return formatCreatedOn(ms, timeZone).slice(0, 16);
}
