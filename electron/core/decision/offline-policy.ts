import type { Decision } from './decision.js';

export type FallbackCause = 'timeout' | 'unavailable';

/**
 * The decision when the provider cannot answer in time: "see staff". The kiosk then asks its local data
 * (OfflineMode.decideLocally, by the venue's offline policy) and shows that instead when it can; this
 * answer stands when there is none. Risk cases of the fallback (pretix's analysis, "case d" included):
 *  (a) no answer, server never saw the scan: a local decision is made and the scan is queued for upload,
 *      so the server learns of it (and counts it) exactly once.
 *  (b) no answer in time, but the server recorded the entry (reply late or lost): if the late answer
 *      arrives within `offline.lateAnswerWindowMs` it is journaled with a reconciliation
 *      (`server-admitted-local-refused`: a patron turned away whom the server counted in — staff can look it
 *      up by the journaled request id) and the queued copy is not uploaded; the upload is held until that
 *      window closes, so the server is never told twice. An answer lost entirely means the server counted a
 *      scan the kiosk also uploads: Entry V1 dedupes offline uploads, others may count it twice (known risk).
 *  (c) a late ADMIT after the patron saw STOP or see-staff: the gate is never actuated late; the journal
 *      records the late answer.
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
