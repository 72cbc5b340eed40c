/** Data model of the Entry V1 sandbox: what a test or the demo mode feeds it. Field names follow the API. */

export interface SandboxSeatInfo {
  level?: string;
  section?: string;
  row?: string;
  seat?: string;
  altSeatLocationText?: string;
}

export interface SandboxTicket {
  token: string;
  eventId: string;
  seatInfo?: SandboxSeatInfo;
  patronId?: string;
  firstName?: string;
  lastName?: string;
  /** A voided ticket always answers Stop `VOIDED`. */
  voided?: boolean;
}

/**
 * Date-times are written as the API writes them: `YYYY-MM-DDTHH:mm:ss`, without an offset, read in the
 * sandbox's local time zone (an explicit `Z` or offset is honoured too).
 */
export interface SandboxEvent {
  eventId: string;
  eventName: string;
  startDateTime: string;
  endDateTime: string;
  scanStartDateTime: string;
  scanEndDateTime: string;
  barcodeMasks: string[];
}

export interface SandboxFixture {
  tickets: SandboxTicket[];
  events: SandboxEvent[];
}

/** Route names of the sandbox; each maps to a configurable path (see `DEFAULT_SANDBOX_PATHS`). */
export type SandboxRoute =
  'session' | 'sessionLite' | 'events' | 'venues' | 'ping' | 'scan' | 'ticketLookup' | 'offlineUpload';

export type SandboxPaths = Record<SandboxRoute, string>;

/**
 * The placeholder path map from research/api-contracts.md. The real paths are unknown; the client takes its
 * own copy from configuration, so the two can be pointed at each other in tests.
 */
export const DEFAULT_SANDBOX_PATHS: Readonly<SandboxPaths> = {
  session: '/v1/session',
  sessionLite: '/v1/session/lite',
  events: '/v1/events',
  venues: '/v1/venues',
  ping: '/v1/ping',
  scan: '/v1/scan',
  ticketLookup: '/v1/tickets/{barcode}',
  offlineUpload: '/v1/offline/{eventId}',
};
