/** One stored item of `POST /api/accessusers/scans/{eventId}`. */
export interface OfflineScan {
  eventId: string;
  ticketId?: string;
  barcode: string;
  /** Normalised to `toISOString()`, so `…:00Z` and `…:00.000Z` are the same scan. */
  scanned_at: string;
  type: 'OK' | 'FAIL';
  direction: 'IN' | 'OUT';
}

/**
 * Offline scans received, stored once per (eventId, barcode, scanned_at, direction): re-sending a batch
 * after a lost reply changes nothing. vivenu does not document its own rule; this is the sandbox's.
 */
export class OfflineStore {
  private readonly scans = new Map<string, OfflineScan>();

  /** Stores the scans not seen before and returns just those. */
  add(scans: readonly OfflineScan[]): OfflineScan[] {
    const fresh: OfflineScan[] = [];
    for (const scan of scans) {
      const key = JSON.stringify([scan.eventId, scan.barcode, scan.scanned_at, scan.direction]);
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
