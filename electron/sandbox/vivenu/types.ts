/** Data model of the vivenu sandbox: what a test or the demo mode feeds it. Field names follow the API. */

export const TICKET_STATUSES = ['VALID', 'INVALID', 'RESERVED', 'DETAILSREQUIRED', 'BLANK'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface SandboxSeatingInfo {
  sectionName?: string;
  rowName?: string;
  seatName?: string;
  entranceName?: string;
}

export interface SandboxTicket {
  _id: string;
  barcode: string;
  eventId: string;
  status: TicketStatus;
  ticketTypeId: string;
  ticketName: string;
  /** Holder name. */
  name?: string;
  seatingInfo?: SandboxSeatingInfo;
}

export interface SandboxEvent {
  _id: string;
  name: string;
}

/** A Portier scan as stored and listed (`time` always set by the sandbox). */
export interface SandboxScan {
  ticketId: string;
  eventId: string;
  barcode: string;
  ticketTypeId: string;
  type: 'checkin' | 'checkout';
  scanResult: 'approved' | 'declined';
  time: string;
  parentEventId?: string;
  name?: string;
  ticketName?: string;
  deviceId?: string;
  sellerId?: string;
}

export interface SandboxFixture {
  events: SandboxEvent[];
  tickets: SandboxTicket[];
  /** Tickets already inside (checked in by "another device"); their check-ins are in `scans`. */
  checkedIn: string[];
  scans: SandboxScan[];
}

export type SandboxRoute =
  'accessScan' | 'accessTicket' | 'ticketDownload' | 'offlineUpload' | 'recordScan' | 'listScans';

/**
 * The routes, all on one port (API and Portier share `/api`). Create-a-Scan (POST) and Get-Scans (GET)
 * share `/api/scans`, as in the real API; the sandbox core routes by method and path.
 */
export const SANDBOX_PATHS: Readonly<Record<SandboxRoute, string>> = {
  accessScan: '/api/accessusers/tickets/{barcode}/scan',
  ticketDownload: '/api/accessusers/tickets/v2/{eventId}',
  accessTicket: '/api/accessusers/tickets/{barcode}',
  offlineUpload: '/api/accessusers/scans/{eventId}',
  recordScan: '/api/scans',
  listScans: '/api/scans',
};

export const SANDBOX_METHODS: Readonly<Record<SandboxRoute, 'GET' | 'POST'>> = {
  accessScan: 'POST',
  ticketDownload: 'GET',
  accessTicket: 'GET',
  offlineUpload: 'POST',
  recordScan: 'POST',
  listScans: 'GET',
};
