import type { Decision } from './decision.js';

export type FallbackCause = 'timeout' | 'unavailable';

/**
 * What the kiosk decides when the provider cannot answer in time. For now there is no local ticket data,
 * so the only safe answer is "see staff". Risk cases of the fallback (pretix's analysis):
 *  (a) no answer, server never saw the scan: STOP is safe; staff can admit by hand.
 *  (b) no answer, server recorded the entry (reply lost): the patron is stopped, staff rescan, the server
 *      answers "already entered" — staff must be told to trust the ticket's first-scan time (journal keeps
 *      the request id to trace it). Offline mode (a later issue) reconciles late answers.
 *  (c) a late Admit after we showed see-staff: never actuate the gate late; the journal records it.
 */
export function fallbackDecision(cause: FallbackCause, detail: string): Decision {
  return {
    outcome: 'see-staff',
    mode: cause === 'timeout' ? 'timeout' : 'offline',
    reasonCode: cause === 'timeout' ? 'TIMEOUT' : 'PROVIDER_UNAVAILABLE',
    reasonText: 'Cannot verify — please see staff',
    rawStatus: detail,
  };
}

/** The provider answered, but not in a form we understand: refuse with a reason, keep scanning. */
export function protocolErrorDecision(detail: string): Decision {
  return {
    outcome: 'stop',
    mode: 'online',
    reasonCode: 'BAD_PROVIDER_RESPONSE',
    reasonText: 'Ticket check failed — please see staff',
    rawStatus: detail,
  };
}
