import { gunzipSync } from 'node:zlib';
import { isJsonObject, requireStrings } from './request-validation.js';

export const MAX_OFFLINE_SCANS_PER_REQUEST = 100;
/** Bound on the unzipped body, so a gzip bomb cannot fill the sandbox's memory. */
const MAX_UNZIPPED_BYTES = 8 * 1024 * 1024;

export interface OfflineScan {
  serialNumber: string;
  eventId: string;
  scanMode: 'Entry' | 'Exit';
  token: string;
  status: string;
  scanTimestamp: string;
  deviceTimestamp?: string;
  inputType?: string;
  barcodeType?: string;
  nfcType?: string;
}

export type ParsedUpload = { ok: true; scans: OfflineScan[] } | { ok: false; messages: string[] };

/** Gunzips and checks an Offline Scan Upload body: a JSON array of batches, ≤ 100 scans in all. */
export function parseOfflineUpload(gzipped: Buffer, pathEventId: string): ParsedUpload {
  let text: string;
  try {
    text = gunzipSync(gzipped, { maxOutputLength: MAX_UNZIPPED_BYTES }).toString('utf8');
  } catch {
    return { ok: false, messages: ['body must be gzip-compressed JSON'] };
  }
  let batches: unknown;
  try {
    batches = JSON.parse(text);
  } catch {
    return { ok: false, messages: ['body must be a JSON array of scan batches'] };
  }
  if (!Array.isArray(batches)) return { ok: false, messages: ['body must be a JSON array of scan batches'] };

  const scans: OfflineScan[] = [];
  const messages: string[] = [];
  batches.forEach((batch: unknown, b) => {
    if (!isJsonObject(batch) || !Array.isArray(batch.scans)) {
      messages.push(`[${b}] must be a batch with a scans array`);
      return;
    }
    const problems = requireStrings(batch, ['serialNumber']).map((m) => `[${b}].${m}`);
    const scanMode = batch.scanMode === 'Exit' ? 'Exit' : 'Entry';
    batch.scans.forEach((scan: unknown, s) => {
      if (!isJsonObject(scan)) {
        problems.push(`[${b}].scans[${s}] must be an object`);
        return;
      }
      const scanProblems = requireStrings(scan, ['token', 'status', 'scanTimestamp']);
      problems.push(...scanProblems.map((m) => `[${b}].scans[${s}].${m}`));
      if (scanProblems.length > 0) return;
      scans.push({
        serialNumber: String(batch.serialNumber),
        eventId: typeof batch.eventId === 'string' ? batch.eventId : pathEventId,
        scanMode,
        token: String(scan.token),
        status: String(scan.status),
        scanTimestamp: String(scan.scanTimestamp),
        deviceTimestamp: optionalString(scan.deviceTimestamp),
        inputType: optionalString(scan.inputType),
        barcodeType: optionalString(scan.barcodeType),
        nfcType: optionalString(scan.nfcType),
      });
    });
    messages.push(...problems);
  });
  if (messages.length > 0) return { ok: false, messages };
  if (scans.length > MAX_OFFLINE_SCANS_PER_REQUEST) {
    return { ok: false, messages: [`at most ${MAX_OFFLINE_SCANS_PER_REQUEST} scans per request`] };
  }
  return { ok: true, scans };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Offline scans received, deduplicated by (serialNumber, token, scanTimestamp, scanMode, status): a device
 * re-sending a batch after a lost reply must not count its scans twice. Timestamps have whole seconds, so
 * the mode and status are part of the key: an admit and the refused re-scan of the same ticket in the same
 * second are two scans.
 */
export class OfflineStore {
  private readonly scans = new Map<string, OfflineScan>();

  /** Stores the scans not seen before and returns just those. */
  add(scans: readonly OfflineScan[]): OfflineScan[] {
    const fresh: OfflineScan[] = [];
    for (const scan of scans) {
      const key = JSON.stringify([
        scan.serialNumber,
        scan.token,
        scan.scanTimestamp,
        scan.scanMode,
        scan.status,
      ]);
      if (this.scans.has(key)) continue;
      this.scans.set(key, scan);
      fresh.push(scan);
    }
    return fresh;
  }

  get size(): number {
    return this.scans.size;
  }

  list(): OfflineScan[] {
    return [...this.scans.values()];
  }
}
