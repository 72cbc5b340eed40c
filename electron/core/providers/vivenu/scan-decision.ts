import type { SeatInfo } from '../../../common/contract.js';
import { ProviderProtocolError, type ProviderDecision } from '../provider.js';
import type { VivenuAccessScanResponse, VivenuTicket } from './response-schemas.js';
import { deniedOutcome } from './status-map.js';

/**
 * Patron-readable English for the reasons the kiosk knows (DENIED `reason` codes and ticket statuses).
 * vivenu does not publish its reason list; an unlisted reason shows a generic text and keeps the raw code.
 */
const REASON_TEXT: Readonly<Record<string, string>> = Object.freeze({
  OK: 'Welcome',
  ALREADY_CHECKED_IN: 'Ticket already used',
  CHECKED_IN: 'Ticket already used',
  INVALID: 'Ticket is not valid',
  RESERVED: 'Ticket is not paid yet',
  DETAILSREQUIRED: 'Ticket details are missing',
  BLANK: 'Ticket is not issued yet',
  NOT_FOUND: 'Ticket not found',
  WRONG_EVENT: 'Ticket is for another event',
});

export function reasonTextFor(code: string, fallback = 'Entry denied'): string {
  return Object.hasOwn(REASON_TEXT, code) ? (REASON_TEXT[code] as string) : fallback;
}

/** Turns a parsed scan answer into the core's decision; an unmapped `access` is a protocol error. */
export function toProviderDecision(response: VivenuAccessScanResponse): ProviderDecision {
  if (response.access !== 'GRANTED' && response.access !== 'DENIED') {
    throw new ProviderProtocolError(`vivenu scan: unknown access "${response.access.slice(0, 40)}"`);
  }
  const granted = response.access === 'GRANTED';
  const reasonCode = granted ? 'OK' : (response.reason ?? 'DENIED');
  const decision: ProviderDecision = {
    outcome: granted ? 'admit' : deniedOutcome(response.reason),
    rawStatus: response.access,
    reasonCode,
    reasonText: reasonTextFor(reasonCode),
  };
  if (response.ticket) Object.assign(decision, ticketFields(response.ticket));
  return decision;
}

/** The STOP for a barcode vivenu does not know (the scan answered 404). */
export function notFoundDecision(): ProviderDecision {
  return { outcome: 'stop', rawStatus: 'NOT_FOUND', reasonCode: 'NOT_FOUND', reasonText: 'Ticket not found' };
}

export function ticketFields(ticket: VivenuTicket): Pick<ProviderDecision, 'ticketId' | 'eventId' | 'seat'> {
  const fields: Pick<ProviderDecision, 'ticketId' | 'eventId' | 'seat'> = {
    ticketId: ticket._id,
    eventId: ticket.eventId,
  };
  const seat = toSeat(ticket);
  if (seat) fields.seat = seat;
  return fields;
}

/** Seat from `seatingInfo`; the ticket type name goes in `text`, so general-admission tickets show something. */
export function toSeat(ticket: VivenuTicket): SeatInfo | undefined {
  const seat: SeatInfo = {};
  const info = ticket.seatingInfo;
  if (info?.sectionName) seat.section = info.sectionName;
  if (info?.rowName) seat.row = info.rowName;
  if (info?.seatName) seat.seat = info.seatName;
  const text = [ticket.ticketName, info?.entranceName && `Entrance ${info.entranceName}`]
    .filter(Boolean)
    .join(' · ');
  if (text) seat.text = text;
  return Object.keys(seat).length > 0 ? seat : undefined;
}
