import type { OfflineScanRecord, UploadResult } from '../provider.js';

/** One item of `POST /api/accessusers/scans/{eventId}`. */
export interface VivenuOfflineScan {
  ticketId?: string;
  barcode: string;
  scanned_at: string;
  type: 'OK' | 'FAIL';
  direction: 'IN' | 'OUT';
}

export interface UploadGroup {
  eventId: string;
  scanIds: string[];
  scans: VivenuOfflineScan[];
}

export interface TicketRef {
  ticketId: string;
  eventId: string;
}

/**
 * Splits a batch into one request per event. The event comes from the record, else from the downloaded
 * ticket, else from the only configured event; a record with none of these cannot be uploaded and is
 * rejected (dead-lettered), never dropped. Only an admit is `OK`: a stop or see-staff is a `FAIL` scan.
 */
export function groupByEvent(
  batch: readonly OfflineScanRecord[],
  ticketFor: (barcode: string) => TicketRef | undefined,
  onlyEventId: string | undefined,
): { groups: UploadGroup[]; rejected: UploadResult['rejected'] } {
  const groups = new Map<string, UploadGroup>();
  const rejected: UploadResult['rejected'] = [];
  for (const record of batch) {
    const ticket = ticketFor(record.token);
    const eventId = record.eventId ?? ticket?.eventId ?? onlyEventId;
    if (!eventId) {
      rejected.push({ scanId: record.scanId, reason: 'no event to upload the scan to' });
      continue;
    }
    let group = groups.get(eventId);
    if (!group) {
      group = { eventId, scanIds: [], scans: [] };
      groups.set(eventId, group);
    }
    const scan: VivenuOfflineScan = {
      barcode: record.token,
      scanned_at: new Date(record.scannedAt).toISOString(),
      type: record.outcome === 'admit' ? 'OK' : 'FAIL',
      direction: record.direction === 'exit' ? 'OUT' : 'IN',
    };
    if (ticket && ticket.eventId === eventId) scan.ticketId = ticket.ticketId;
    group.scanIds.push(record.scanId);
    group.scans.push(scan);
  }
  return { groups: [...groups.values()], rejected };
}
