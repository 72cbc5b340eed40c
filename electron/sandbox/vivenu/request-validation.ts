import type { OfflineScan } from './offline-store.js';
import type { SandboxScan } from './types.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredString(body: JsonObject, field: string, where: string, problems: string[]): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') problems.push(`${where}${field} must be a non-empty string`);
  return typeof value === 'string' ? value : '';
}

function optionalString(
  body: JsonObject,
  field: string,
  where: string,
  problems: string[],
): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') problems.push(`${where}${field} must be a string`);
  return typeof value === 'string' ? value : undefined;
}

function oneOf<T extends string>(
  body: JsonObject,
  field: string,
  allowed: readonly T[],
  where: string,
  problems: string[],
): T {
  const value = body[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    problems.push(`${where}${field} must be one of the following values: ${allowed.join(', ')}`);
  }
  return value as T;
}

function isoTime(value: string | undefined, where: string, field: string, problems: string[]) {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) {
    problems.push(`${where}${field} must be an ISO date-time`);
    return undefined;
  }
  return new Date(ms).toISOString();
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; messages: string[] };

function parseJson(body: Buffer): { ok: true; json: unknown } | { ok: false } {
  try {
    return { ok: true, json: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** Create a Scan: one scan object, or (as in the docs' example) an array of them. */
export function parseCreateScans(body: Buffer, nowIso: string): Parsed<SandboxScan[]> {
  const parsed = parseJson(body);
  if (!parsed.ok) return { ok: false, messages: ['body must be JSON'] };
  const items = Array.isArray(parsed.json) ? parsed.json : [parsed.json];
  if (items.length === 0) return { ok: false, messages: ['at least one scan is required'] };
  const problems: string[] = [];
  const scans = items.map((item: unknown, i): SandboxScan => {
    const where = Array.isArray(parsed.json) ? `[${i}].` : '';
    if (!isObject(item)) {
      problems.push(`${where || 'body '}must be an object`);
      return {} as SandboxScan;
    }
    const scan: SandboxScan = {
      ticketId: requiredString(item, 'ticketId', where, problems),
      eventId: requiredString(item, 'eventId', where, problems),
      barcode: requiredString(item, 'barcode', where, problems),
      ticketTypeId: requiredString(item, 'ticketTypeId', where, problems),
      type: oneOf(item, 'type', ['checkin', 'checkout'], where, problems),
      scanResult: oneOf(item, 'scanResult', ['approved', 'declined'], where, problems),
      time: isoTime(optionalString(item, 'time', where, problems), where, 'time', problems) ?? nowIso,
    };
    for (const field of ['parentEventId', 'name', 'ticketName', 'deviceId', 'sellerId'] as const) {
      const value = optionalString(item, field, where, problems);
      if (value !== undefined) scan[field] = value;
    }
    return scan;
  });
  return problems.length > 0 ? { ok: false, messages: problems } : { ok: true, value: scans };
}

/** Offline upload: `[{ticketId?, barcode, scanned_at, type: OK|FAIL, direction: IN|OUT}]`. */
export function parseOfflineScans(body: Buffer, eventId: string): Parsed<OfflineScan[]> {
  const parsed = parseJson(body);
  if (!parsed.ok || !Array.isArray(parsed.json)) {
    return { ok: false, messages: ['body must be a JSON array of scans'] };
  }
  const problems: string[] = [];
  const scans = parsed.json.map((item: unknown, i): OfflineScan => {
    const where = `[${i}].`;
    if (!isObject(item)) {
      problems.push(`[${i}] must be an object`);
      return {} as OfflineScan;
    }
    const scan: OfflineScan = {
      eventId,
      barcode: requiredString(item, 'barcode', where, problems),
      scanned_at:
        isoTime(
          requiredString(item, 'scanned_at', where, problems) || undefined,
          where,
          'scanned_at',
          problems,
        ) ?? '',
      type: oneOf(item, 'type', ['OK', 'FAIL'], where, problems),
      direction: oneOf(item, 'direction', ['IN', 'OUT'], where, problems),
    };
    const ticketId = optionalString(item, 'ticketId', where, problems);
    if (ticketId !== undefined) scan.ticketId = ticketId;
    return scan;
  });
  return problems.length > 0 ? { ok: false, messages: problems } : { ok: true, value: scans };
}

/** `top`/`skip` query numbers; `top` defaults to `defaultTop` and is capped at 1000. */
export function parsePaging(
  query: URLSearchParams,
  defaultTop: number,
): Parsed<{ top: number; skip: number }> {
  const read = (name: string, fallback: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    const n = Number(raw);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const top = read('top', defaultTop);
  const skip = read('skip', 0);
  const messages: string[] = [];
  if (top === undefined) messages.push('top must be a non-negative integer');
  if (skip === undefined) messages.push('skip must be a non-negative integer');
  if (messages.length > 0 || top === undefined || skip === undefined) return { ok: false, messages };
  return { ok: true, value: { top: Math.min(top, 1000), skip } };
}

/** An ISO `from`/`until` query value as epoch ms; NaN when present but unreadable. */
export function parseTimeQuery(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return Date.parse(raw);
}
