import type { Outcome } from '../../../common/contract.js';

/**
 * vivenu raw status → kiosk outcome, the one table for this provider. It holds three kinds of raw status,
 * whose names do not overlap:
 * - `access` of the scan answer: GRANTED / DENIED (the online decision);
 * - ticket `status` (download, lookup, and the `reason` of a DENIED answer): VALID / INVALID / RESERVED /
 *   DETAILSREQUIRED / BLANK. A DENIED answer whose reason is one of these takes its outcome, so a ticket
 *   only missing its holder's details sends the patron to staff rather than away;
 * - two the kiosk derives: NOT_FOUND (the scan answered 404) and CHECKED_IN (Portier scans say the ticket
 *   is inside already).
 * Anything else is a protocol error rather than a guess, so a new status can never open the gate.
 */
export const VIVENU_STATUS_TO_OUTCOME: Readonly<Record<string, Outcome>> = Object.freeze({
  GRANTED: 'admit',
  DENIED: 'stop',
  NOT_FOUND: 'stop',
  VALID: 'admit',
  INVALID: 'stop',
  // Ordered but not paid: not a ticket yet.
  RESERVED: 'stop',
  // The holder's details (personalisation) are missing: staff can fix that at the gate.
  DETAILSREQUIRED: 'see-staff',
  // Blank stock with no holder or type assigned: staff must look.
  BLANK: 'see-staff',
  CHECKED_IN: 'stop',
});

export function mapVivenuStatus(rawStatus: string): Outcome | undefined {
  // hasOwn: a status such as `toString` must not find an inherited property.
  return Object.hasOwn(VIVENU_STATUS_TO_OUTCOME, rawStatus) ? VIVENU_STATUS_TO_OUTCOME[rawStatus] : undefined;
}

/** The ticket statuses a DENIED reason can name; only a refusal outcome can come from them. */
const DENIAL_REASONS: ReadonlySet<string> = new Set(['INVALID', 'RESERVED', 'DETAILSREQUIRED', 'BLANK']);

/** A DENIED answer's outcome: its reason's, when the reason is a ticket status; else stop. Never admit. */
export function deniedOutcome(reason: string | undefined): Exclude<Outcome, 'admit'> {
  const outcome = reason !== undefined && DENIAL_REASONS.has(reason) ? mapVivenuStatus(reason) : undefined;
  return outcome === 'see-staff' ? 'see-staff' : 'stop';
}
