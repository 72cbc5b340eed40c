import type { Outcome } from '../../../common/contract.js';

export interface PresenceStatusRule {
  /** Outcome on an entry lane (external `enter` or internal entry). The doc: only OKAY admits an entry. */
  entry: Outcome;
  /** Outcome on an exit lane. The doc: only EXIT and INTERNAL_SCAN_EXIT are valid exits. */
  exit: Outcome;
  /** Patron-readable English (the server's own `result.message` is free text, e.g. `'Welcome IN`). */
  text: string;
  /** DUPLICATE: the server saw this ticket within 2 s; the core treats it as a re-read, not a denial. */
  reread?: true;
}

const stop = (text: string): PresenceStatusRule => ({ entry: 'stop', exit: 'stop', text });
const staff = (text: string): PresenceStatusRule => ({ entry: 'see-staff', exit: 'see-staff', text });

/**
 * Every status the Presence ticket endpoints document (24), and what each means at this lane. A status not
 * in this table is a protocol error, so a new server status can never open the gate by accident.
 * `see-staff` where the patron cannot act on the answer (request/server errors, a mark, an open seat).
 */
export const PRESENCE_STATUS_TABLE: Readonly<Record<string, PresenceStatusRule>> = Object.freeze({
  OKAY: { entry: 'admit', exit: 'stop', text: 'Welcome' },
  EXIT: { entry: 'stop', exit: 'admit', text: 'Exit recorded, goodbye' },
  INTERNAL_SCAN_EXIT: { entry: 'stop', exit: 'admit', text: 'Exit recorded, goodbye' },
  DUPLICATE: { ...stop('Ticket just scanned, please wait'), reread: true },
  EXIT_NOT_PERMITTED: stop('Exit not permitted with this ticket'),
  INTERNAL_SCAN_ALREADY_ENTERED: stop('Ticket already used to enter this area'),
  INTERNAL_SCAN_EXIT_NOT_PERMITTED: stop('Exit from this area not permitted with this ticket'),
  NOT_FOUND: stop('Ticket not found for an event open for scanning'),
  BAD_REQUEST: staff('Scan could not be checked, please see staff'),
  ALREADY_ENTERED: stop('Ticket already used to enter'),
  INVALID_TICKET: stop('Ticket is not valid'),
  START_RESTRICTION: stop('Entry with this ticket has not started yet'),
  END_RESTRICTION: stop('Entry with this ticket has ended'),
  SECTION_RESTRICTION: stop('Ticket not valid at this gate'),
  EVENT_RESTRICTION: stop('Ticket not valid for this event'),
  ACCESS_GROUP_RESTRICTION: stop('Ticket not valid at this gate'),
  XNUM_RESTRICTION: stop('Ticket has been replaced by a newer one'),
  MARK_RESTRICTION: staff('Please see staff about this ticket'),
  TOO_EARLY: stop('Event has not started yet'),
  TOO_LATE: stop('Event is over'),
  BAD_TOKEN: stop('Ticket code not recognised'),
  OPEN_SEAT: staff('Please see staff about this seat'),
  TRANSFER: stop('Ticket was transferred, please use the new ticket'),
  GENERAL_ERROR: staff('Scan could not be checked, please see staff'),
});

export type PresenceLane = 'entry' | 'exit';

export function presenceStatusRule(rawStatus: string): PresenceStatusRule | undefined {
  // hasOwn: a status such as `toString` or `__proto__` must not find an inherited property.
  return Object.hasOwn(PRESENCE_STATUS_TABLE, rawStatus) ? PRESENCE_STATUS_TABLE[rawStatus] : undefined;
}

export function mapPresenceStatus(rawStatus: string, lane: PresenceLane): Outcome | undefined {
  return presenceStatusRule(rawStatus)?.[lane];
}
