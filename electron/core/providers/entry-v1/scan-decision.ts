import type { SeatInfo } from '../../../common/contract.js';
import { ProviderProtocolError, type ProviderDecision } from '../provider.js';
import type { EntryV1ScanResponse } from './response-schemas.js';
import { mapEntryV1Status } from './status-map.js';

/** Turns a parsed Validate Scan answer into the core's decision; an unmapped status is a protocol error. */
export function toProviderDecision(response: EntryV1ScanResponse): ProviderDecision {
  const outcome = mapEntryV1Status(response.status);
  if (!outcome) {
    throw new ProviderProtocolError(`Entry V1 scan: unknown status "${response.status.slice(0, 40)}"`);
  }
  const decision: ProviderDecision = {
    outcome,
    rawStatus: response.status,
    reasonCode: response.reasonCode,
    reasonText: response.reasonMessage || response.reasonCode,
  };
  const seat = toSeat(response.seatInfo);
  if (seat) decision.seat = seat;
  if (response.eventName) decision.eventName = response.eventName;
  if (response.eventId) decision.eventId = response.eventId;
  return decision;
}

/** Entry V1 `seatInfo` → the kiosk's seat; `altSeatLocationText` becomes the free text. */
export function toSeat(seatInfo: EntryV1ScanResponse['seatInfo']): SeatInfo | undefined {
  if (!seatInfo) return undefined;
  const seat: SeatInfo = {};
  if (seatInfo.level) seat.level = seatInfo.level;
  if (seatInfo.section) seat.section = seatInfo.section;
  if (seatInfo.row) seat.row = seatInfo.row;
  if (seatInfo.seat) seat.seat = seatInfo.seat;
  if (seatInfo.altSeatLocationText) seat.text = seatInfo.altSeatLocationText;
  return Object.keys(seat).length > 0 ? seat : undefined;
}
