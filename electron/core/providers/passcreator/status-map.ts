import type { Outcome } from '../../../common/contract.js';

export interface ScanStatusMeaning {
  outcome: Outcome;
  reasonCode: string;
  /** Patron-readable. */
  reasonText: string;
}

/**
 * Passcreator App Scan `scanStatus` → kiosk outcome: the one table. Only the four documented values exist;
 * anything else (the docs hint at check-in/check-out modes) is a protocol error, never a guessed admit.
 */
export const PASSCREATOR_SCAN_STATUS: Readonly<Record<string, ScanStatusMeaning>> = Object.freeze({
  /** Pass was known and has been voided by this scan. */
  '0': { outcome: 'admit', reasonCode: 'VOIDED_NOW', reasonText: 'Welcome' },
  /** Pass was known but already voided. */
  '1': { outcome: 'stop', reasonCode: 'ALREADY_USED', reasonText: 'Ticket already used' },
  /** Pass was known and attendance was saved (attendance configurations never void). */
  '2': { outcome: 'admit', reasonCode: 'ATTENDANCE_SAVED', reasonText: 'Welcome' },
  /** No pass for this barcode (or not one this App Configuration validates). */
  '3': { outcome: 'stop', reasonCode: 'NOT_FOUND', reasonText: 'Ticket not found' },
});

/** The documented scan statuses, for code that computes one. */
export const SCAN_STATUS = { voidedNow: 0, alreadyVoided: 1, attendanceSaved: 2, notFound: 3 } as const;
export type ScanStatus = (typeof SCAN_STATUS)[keyof typeof SCAN_STATUS];

export function mapPasscreatorScanStatus(scanStatus: number): ScanStatusMeaning | undefined {
  const key = String(scanStatus);
  // hasOwn: a key such as `toString` must not find an inherited property.
  return Object.hasOwn(PASSCREATOR_SCAN_STATUS, key) ? PASSCREATOR_SCAN_STATUS[key] : undefined;
}
