import type { ScanKind } from './gate-rules.js';

export interface StoredOfflineScan {
  scanId: string;
  token: string;
  scanType: ScanKind;
  scanTime: number;
  deviceId: number;
  gateId: number;
  deviceOs: string;
  eventId?: string;
}

/**
 * Offline scans received, deduplicated by `scanId` (the device's nonce): re-sending a batch after a lost
 * reply must not store its scans twice.
 */
export class OfflineStore {
  private readonly scans = new Map<string, StoredOfflineScan>();

  /** Stores the scans not seen before and returns just those. */
  add(scans: readonly StoredOfflineScan[]): StoredOfflineScan[] {
    const fresh: StoredOfflineScan[] = [];
    for (const scan of scans) {
      if (this.scans.has(scan.scanId)) continue;
      this.scans.set(scan.scanId, scan);
      fresh.push(scan);
    }
    return fresh;
  }

  get size(): number {
    return this.scans.size;
  }

  list(): StoredOfflineScan[] {
    return [...this.scans.values()];
  }
}
