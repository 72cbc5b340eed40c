import type { ScanKind } from './gate-rules.js';
import type { DeviceInitFields } from './device-registry.js';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseJsonObject(raw: Buffer): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** Unix ms: a seconds value (a common mistake) is refused. Year 2001 onwards. */
const isUnixMs = (v: unknown): v is number => isInt(v) && v >= 1_000_000_000_000;
const DEVICE_OS = new Set(['printed', 'ios', 'android']);

const INIT_FIELDS = ['venueId', 'name', 'mac', 'ip', 'gateName', 'serial', 'model'] as const;

export function checkInitBody(body: JsonObject): { fields?: DeviceInitFields; problems: string[] } {
  const problems = INIT_FIELDS.filter((f) => !isText(body[f])).map((f) => `${f} is required (string)`);
  if (problems.length > 0) return { problems };
  const text = (f: (typeof INIT_FIELDS)[number]) => String(body[f]);
  return {
    problems,
    fields: {
      venueId: text('venueId'),
      name: text('name'),
      mac: text('mac'),
      ip: text('ip'),
      gateName: text('gateName'),
      serial: text('serial'),
      model: text('model'),
    },
  };
}

export interface ScanFields {
  token: string;
  venueId: string;
  deviceId: number;
  gateId: number;
  gateName: string;
  deviceOs: string;
  scanTime: number;
  channelId?: string;
}

/** Ticket Enter/Exit/Validate body: every documented field, with its documented type. */
export function checkScanBody(body: JsonObject): { fields?: ScanFields; problems: string[] } {
  const problems: string[] = [];
  for (const f of ['token', 'venueId', 'gateName'] as const) {
    if (!isText(body[f])) problems.push(`${f} is required (string)`);
  }
  for (const f of ['deviceId', 'gateId'] as const)
    if (!isInt(body[f])) problems.push(`${f} is required (int)`);
  if (!isUnixMs(body.scanTime)) problems.push('scanTime is required (Unix time in milliseconds)');
  // The doc's own sample sends "printed", so the case is not significant.
  if (typeof body.deviceOs !== 'string' || !DEVICE_OS.has(body.deviceOs.toLowerCase())) {
    problems.push('deviceOs must be "Printed", "iOS" or "Android"');
  }
  if (body.channelId !== undefined && typeof body.channelId !== 'string') problems.push('channelId: string');
  if (problems.length > 0) return { problems };
  const fields: ScanFields = {
    token: body.token as string,
    venueId: body.venueId as string,
    deviceId: body.deviceId as number,
    gateId: body.gateId as number,
    gateName: body.gateName as string,
    deviceOs: body.deviceOs as string,
    scanTime: body.scanTime as number,
  };
  if (typeof body.channelId === 'string') fields.channelId = body.channelId;
  return { fields, problems };
}

export interface UploadFields {
  venueId: string;
  scans: (ScanFields & { scanId: string; scanType: ScanKind; eventId?: string })[];
}

const SCAN_TYPES = new Set<string>(['enter', 'exit', 'validate']);

/** The placeholder upload body: `{venueId, deviceId, gateId, gateName, scans:[scan body + scanId, scanType]}`. */
export function checkUploadBody(body: JsonObject): { fields?: UploadFields; problems: string[] } {
  const problems: string[] = [];
  if (!isText(body.venueId)) problems.push('venueId is required (string)');
  if (!Array.isArray(body.scans)) problems.push('scans is required (array)');
  if (problems.length > 0) return { problems };
  const scans: UploadFields['scans'] = [];
  (body.scans as unknown[]).forEach((raw, i) => {
    if (!isJsonObject(raw)) {
      problems.push(`scans[${i}] must be an object`);
      return;
    }
    const checked = checkScanBody(raw);
    problems.push(...checked.problems.map((p) => `scans[${i}].${p}`));
    if (!isText(raw.scanId)) problems.push(`scans[${i}].scanId is required (string)`);
    if (typeof raw.scanType !== 'string' || !SCAN_TYPES.has(raw.scanType)) {
      problems.push(`scans[${i}].scanType must be enter, exit or validate`);
    }
    if (!checked.fields || problems.length > 0) return;
    scans.push({
      ...checked.fields,
      scanId: raw.scanId as string,
      scanType: raw.scanType as ScanKind,
      ...(typeof raw.eventId === 'string' && { eventId: raw.eventId }),
    });
  });
  return problems.length > 0 ? { problems } : { fields: { venueId: String(body.venueId), scans }, problems };
}
