import type { SeatInfo } from '../../../common/contract.js';
import { ProviderProtocolError, type ProviderDecision } from '../provider.js';
import type { PresenceScanResponse } from './response-schemas.js';
import { presenceStatusRule, type PresenceLane } from './status-map.js';

/** Turns a parsed scan answer into the core's decision; a status not in the table is a protocol error. */
export function toProviderDecision(response: PresenceScanResponse, lane: PresenceLane): ProviderDecision {
  const rawStatus = response.result.status;
  const rule = presenceStatusRule(rawStatus);
  if (!rule) throw new ProviderProtocolError(`Presence scan: unknown status "${rawStatus.slice(0, 40)}"`);
  const decision: ProviderDecision = {
    outcome: rule[lane],
    rawStatus,
    reasonCode: rawStatus,
    reasonText: rule.text,
  };
  if (rule.reread) decision.serverReread = true;
  const ticket = response.message?.tickets?.[0];
  const seat = parsePlace(ticket?.place);
  if (seat) decision.seat = seat;
  if (ticket?.eventId) decision.eventId = ticket.eventId;
  return decision;
}

/** `Section:Row:Seat` (e.g. `PIT1:3:4`); anything else is kept whole as display text. */
export function parsePlace(place: string | undefined): SeatInfo | undefined {
  const text = place?.trim();
  if (!text) return undefined;
  const parts = text.split(':').map((p) => p.trim());
  if (parts.length !== 3 || parts.some((p) => p === '')) return { text };
  const [section, row, seat] = parts as [string, string, string];
  return { section, row, seat };
}
