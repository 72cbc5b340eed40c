/** Data model of the Presence sandbox: what a test or the demo mode feeds it. Field names follow the API. */

export interface PresenceSandboxEvent {
  eventId: string;
  name: string;
  /**
   * The scanning period, epoch ms. Outside it the event is not "active" and its barcodes answer NOT_FOUND
   * (the doc's FAQ; normally 12 h either side of the start).
   */
  scanStart: number;
  scanEnd: number;
}

export interface PresenceSandboxTicket {
  token: string;
  eventId: string;
  /** `Section:Row:Seat`, as the scan answer's `place`. */
  place?: string;
  /** Cancelled/voided: answers INVALID_TICKET. */
  invalid?: boolean;
  /** A fixed answer for a ticket-level rule (e.g. SECTION_RESTRICTION, MARK_RESTRICTION, TRANSFER). */
  fixedStatus?: string;
}

export interface PresenceSandboxGate {
  gateId: number;
  gateName: string;
  /** Configured with the "Internal Scans" rule (VIP area, suite…). */
  internal?: boolean;
  /** Internal rule option: require an exit scan before the same ticket may enter again. */
  requireExit?: boolean;
}

export interface PresenceSandboxFixture {
  venueId: string;
  gates: PresenceSandboxGate[];
  events: PresenceSandboxEvent[];
  tickets: PresenceSandboxTicket[];
}

/** Route names of the sandbox; each maps to a configurable path (see `DEFAULT_PRESENCE_SANDBOX_PATHS`). */
export type PresenceSandboxRoute =
  'deviceInit' | 'deviceInfo' | 'enter' | 'exit' | 'validate' | 'offlineUpload';

export type PresenceSandboxPaths = Record<PresenceSandboxRoute, string>;

/**
 * The documented paths under the production prefix `/presence/v1`, so a client's `baseUrl` is
 * `<sandbox>/presence/v1` as it would be `https://app.ticketmaster.com/presence/v1`. The upload path is a
 * placeholder (not public), matching the client's default.
 */
export const DEFAULT_PRESENCE_SANDBOX_PATHS: Readonly<PresenceSandboxPaths> = {
  deviceInit: '/presence/v1/device/init',
  deviceInfo: '/presence/v1/device',
  enter: '/presence/v1/ticket/enter',
  exit: '/presence/v1/ticket/exit',
  validate: '/presence/v1/ticket/validate',
  offlineUpload: '/presence/v1/ticket/upload',
};
