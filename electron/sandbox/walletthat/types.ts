/** Data model of the WalletThat sandbox: what a test or the demo mode feeds it. */

/** The values UpdatePassData's `pass-status` accepts, per the seed. */
export const PASS_STATUSES = ['active', 'redeemed', 'expired', 'voided'] as const;
export type PassStatus = (typeof PASS_STATUSES)[number];

export interface SandboxPass {
  /** The `pass-id` (the demo's barcodes carry it as is). */
  passId: string;
  passTemplateId: string;
  status: PassStatus;
  /** `expiration-timestamp`, UTC as the seed asks, e.g. `2030-01-01T00:00:00Z`; absent: never expires. */
  expirationTimestamp?: string;
  barcodeValue: string;
  ticketHolder?: string;
  ticketType?: string;
  ticketNumber?: string;
  /** `event-custom-value-1..4`: gate, section, row, seat in the seed's GeneratePass sample. */
  gate?: string;
  section?: string;
  row?: string;
  seat?: string;
}

export interface SandboxTemplate {
  passTemplateId: string;
  eventName: string;
  venueName: string;
  venueAddress: string;
  /** Written as the seed writes them: `Dec 20, 2018, 2:00 PM`. */
  eventStartTime: string;
  eventEndTime: string;
}

/**
 * Where GetPassData puts `pass-status` (unconfirmed, research/api-contracts.md): inside `pass-data` as
 * the seed's UpdatePassData sample does (default), at the top level, or both.
 */
export type StatusPlacement = 'pass-data' | 'top-level' | 'both';
