import type { TicketLookup } from '../provider.js';
import type { EntryV1TicketLookupResponse } from './response-schemas.js';
import { toSeat } from './scan-decision.js';

type HistoryEntry = EntryV1TicketLookupResponse['scanHistory'][number];

/**
 * Ticket Lookup → what the staff screen shows. The API has no ticket status field, so `status` is read
 * from the scan history: the last admitted scan says whether the holder is inside.
 */
export function toTicketLookup(token: string, r: EntryV1TicketLookupResponse): TicketLookup {
  const lookup: TicketLookup = { token, found: true, eventId: r.eventId, status: presence(r.scanHistory) };
  if (r.eventName) lookup.eventName = r.eventName;
  const seat = toSeat(r.seatInfo);
  if (seat) lookup.seat = seat;
  const holder = [r.firstName, r.lastName].filter(Boolean).join(' ');
  if (holder) lookup.holderName = holder;
  lookup.history = r.scanHistory.map((h) => {
    const entry: { at: string; outcome: string; where?: string } = {
      at: h.scanTimestamp,
      outcome: outcome(h),
    };
    const where = [h.checkpointName, h.deviceName ?? h.serialNumber].filter(Boolean).join(' / ');
    if (where) entry.where = where;
    return entry;
  });
  return lookup;
}

export function notFoundLookup(token: string): TicketLookup {
  return { token, found: false };
}

/** e.g. `Entry Admit (OK)`, `Exit Stop (NOT_ENTERED)`, `Entry Admit (OK, offline)`. */
function outcome(h: HistoryEntry): string {
  const notes = [h.reasonCode, h.deviceStatus === 'Offline' ? 'offline' : undefined].filter(Boolean);
  return [h.scanMode, h.status].filter(Boolean).join(' ') + (notes.length ? ` (${notes.join(', ')})` : '');
}

function presence(history: readonly HistoryEntry[]): string {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h?.status !== 'Admit') continue;
    return h.scanMode === 'Exit' ? 'exited' : 'entered';
  }
  return 'not entered';
}
