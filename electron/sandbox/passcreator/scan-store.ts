import { randomUUID } from 'node:crypto';
import type { StoredAppScan } from './types.js';

/**
 * Stored App Scans in arrival order. Passcreator documents no client-side id for an App Scan, so a re-sent
 * scan is recognised by (configuration, pass or barcode, createdOn, deviceName): the same pass at the same
 * second from the same device under the same configuration, sent with the same scanStatus, is the same
 * scan. The device name is part of the key so that two gates scanning one pass in the same second are two
 * scans (the second one is told "already voided") rather than one admit replayed twice; the sent
 * scanStatus is part of it so that the same gate scanning a pass again within the second (status 1 sent,
 * "already voided") is a new scan too, not a replay of the first admit. `dedupe: false` turns this off, to prove the
 * client's own duplicate check.
 */
export class ScanStore {
  private readonly scans: StoredAppScan[] = [];
  private readonly byKey = new Map<string, StoredAppScan>();

  constructor(private readonly dedupe: boolean) {}

  static keyOf(
    scan: Pick<
      StoredAppScan,
      'appConfigurationId' | 'passUid' | 'scannedBarcodeValue' | 'createdOn' | 'deviceName' | 'scanStatus'
    >,
  ) {
    return JSON.stringify([
      scan.appConfigurationId,
      scan.passUid ?? `barcode:${scan.scannedBarcodeValue}`,
      scan.createdOn,
      scan.deviceName,
      scan.scanStatus,
    ]);
  }

  /** The scan already stored under the same identity, when deduplication is on. */
  duplicateOf(scan: Parameters<typeof ScanStore.keyOf>[0]): StoredAppScan | undefined {
    return this.dedupe ? this.byKey.get(ScanStore.keyOf(scan)) : undefined;
  }

  /** `sentScanStatus`: the status the client sent (the identity), which the stored answer may override. */
  add(scan: Omit<StoredAppScan, 'appScanId'>, sentScanStatus: number = scan.scanStatus): StoredAppScan {
    const stored: StoredAppScan = { ...scan, appScanId: randomUUID() };
    this.scans.push(stored);
    this.byKey.set(ScanStore.keyOf({ ...stored, scanStatus: sentScanStatus }), stored);
    return stored;
  }

  get size(): number {
    return this.scans.length;
  }

  /** Scans ordered by createdOn (stable for equal times), optionally of one configuration and since a time. */
  list(filter: { appConfigurationId?: string; createdSince?: string } = {}): StoredAppScan[] {
    return this.scans
      .filter(
        (s) =>
          (!filter.appConfigurationId || s.appConfigurationId === filter.appConfigurationId) &&
          // `Y-m-d H:i[:s]` strings compare correctly as text.
          (!filter.createdSince || s.createdOn >= filter.createdSince),
      )
      .sort((a, b) => (a.createdOn < b.createdOn ? -1 : a.createdOn > b.createdOn ? 1 : 0));
  }

  clear(): void {
    this.scans.length = 0;
    this.byKey.clear();
  }
}
