import type { OfflineScanRecord } from '../provider.js';
import { isoWithOffset } from './time-zone.js';

/** The seed: "The request payload is limited to 100 scans per request." */
export const ENTRY_V1_MAX_SCANS_PER_UPLOAD = 100;

/** An offline scan whose event is known (the upload path names the event). */
export type EventScanRecord = OfflineScanRecord & { eventId: string };

export interface UploadRequestPlan {
  eventId: string;
  records: EventScanRecord[];
}

/**
 * Splits scans into upload requests: one event per request (the event id is in the path), at most `max`
 * scans each. Events keep the order they first appear in, scans their order within an event.
 */
export function planUploadRequests(
  records: readonly EventScanRecord[],
  max: number = ENTRY_V1_MAX_SCANS_PER_UPLOAD,
): UploadRequestPlan[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
  const byEvent = new Map<string, EventScanRecord[]>();
  for (const record of records) {
    const list = byEvent.get(record.eventId);
    if (list) list.push(record);
    else byEvent.set(record.eventId, [record]);
  }
  const plans: UploadRequestPlan[] = [];
  for (const [eventId, list] of byEvent) {
    for (let i = 0; i < list.length; i += max) plans.push({ eventId, records: list.slice(i, i + max) });
  }
  return plans;
}

export interface UploadBatchContext {
  serialNumber: string;
  dataAccountId: string;
  venueCode: string;
  /** The device session's JWT when there is one (the upload itself is API-key authorised). */
  jwt?: string;
  /** The event's dates, for `eventStartDate`/`eventEndDate`. */
  event?: { startDateTime?: string | null | undefined; endDateTime?: string | null | undefined };
  /** Venue zone: scan times are written as ISO with this zone's offset. */
  timeZone?: string;
}

/**
 * The JSON array of batches for one request. A batch has one `scanMode`, so entry and exit scans of the
 * same event go in separate batches of the same request.
 */
export function buildUploadBatches(
  eventId: string,
  records: readonly EventScanRecord[],
  ctx: UploadBatchContext,
): Record<string, unknown>[] {
  const modes: ('Entry' | 'Exit')[] = ['Entry', 'Exit'];
  return modes
    .map((scanMode) => ({
      scanMode,
      scans: records.filter((r) => (r.direction === 'exit' ? 'Exit' : 'Entry') === scanMode),
    }))
    .filter(({ scans }) => scans.length > 0)
    .map(({ scanMode, scans }) => {
      const batch: Record<string, unknown> = {
        serialNumber: ctx.serialNumber,
        dataAccountId: ctx.dataAccountId,
        venueCd: ctx.venueCode,
        deviceStatus: 'Offline',
        scanMode,
        eventId,
      };
      if (ctx.event?.startDateTime) batch.eventStartDate = ctx.event.startDateTime;
      if (ctx.event?.endDateTime) batch.eventEndDate = ctx.event.endDateTime;
      if (ctx.jwt) batch.jwt = ctx.jwt;
      batch.scans = scans.map((r) => toUploadScan(r, ctx.timeZone));
      return batch;
    });
}

function toUploadScan(r: OfflineScanRecord, timeZone: string | undefined): Record<string, unknown> {
  // The device's clock at the scan is the only time the kiosk has; the sample shows both fields equal.
  const at = isoWithOffset(r.scannedAt, timeZone);
  const scan: Record<string, unknown> = {
    token: r.token,
    // Only an admit is `Admit`; a see-staff answer did not open the gate, so it is a `Stop`.
    status: r.outcome === 'admit' ? 'Admit' : 'Stop',
    scanTimestamp: at,
    deviceTimestamp: at,
    inputType: r.inputType,
  };
  if (r.barcodeType) scan.barcodeType = r.barcodeType;
  if (r.nfcType) scan.nfcType = r.nfcType;
  return scan;
}

/** `{serialNumber}_{timestamp}`, timestamp as compact UTC with milliseconds, e.g. `GP-1_20251002T233245123Z`. */
export function uploadFilename(serialNumber: string, ms: number): string {
  return `${serialNumber}_${new Date(ms).toISOString().replace(/[-:.]/g, '')}`;
}
