import type { SandboxScan } from './types.js';

export interface ScanFilter {
  eventId?: string;
  parentEventId?: string;
  barcode?: string;
  type?: string;
}

/**
 * Portier's scans list. A scan is stored once per (barcode, time, type, deviceId): a device re-sending the
 * same record after a lost reply does not count twice.
 */
export class ScanLog {
  private readonly scans: SandboxScan[] = [];
  private readonly keys = new Set<string>();

  /** Stores the scan unless it is already there; `fresh` says which. */
  add(scan: SandboxScan): { scan: SandboxScan; fresh: boolean } {
    const key = JSON.stringify([scan.barcode, scan.time, scan.type, scan.deviceId ?? '']);
    if (this.keys.has(key)) return { scan, fresh: false };
    this.keys.add(key);
    this.scans.push(scan);
    return { scan, fresh: true };
  }

  /** Stores a scan the server itself made (an access-user scan): never a re-send, so never deduplicated. */
  append(scan: SandboxScan): void {
    this.keys.add(JSON.stringify([scan.barcode, scan.time, scan.type, scan.deviceId ?? '']));
    this.scans.push(scan);
  }

  get size(): number {
    return this.scans.length;
  }

  list(filter: ScanFilter, top: number, skip: number): { docs: SandboxScan[]; total: number } {
    const matching = this.scans.filter(
      (s) =>
        (filter.eventId === undefined || s.eventId === filter.eventId) &&
        (filter.parentEventId === undefined || s.parentEventId === filter.parentEventId) &&
        (filter.barcode === undefined || s.barcode === filter.barcode) &&
        (filter.type === undefined || s.type === filter.type),
    );
    return { docs: matching.slice(skip, skip + top), total: matching.length };
  }

  all(): SandboxScan[] {
    return [...this.scans];
  }
}
