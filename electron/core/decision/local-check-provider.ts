import type { NormalisedScan } from '../scan/scan-input.js';
import type { Direction, LocalDecider } from '../offline/local-decider.js';
import type { ProviderDecision } from '../providers/provider.js';
import type { UploadContext } from '../offline/upload-context.js';

/** A local answer, with what an upload of the scan will need (from the same synced data). */
export interface LocalAnswer extends ProviderDecision {
  upload: UploadContext;
}

/**
 * The local decider as a check provider, like the online ones (pretix's offline TicketCheckProvider):
 * the same input, the same closed set of outcomes, answered at once from data synced while online. The
 * fallback checker asks it when the online provider cannot answer.
 */
export class LocalCheckProvider {
  constructor(
    private readonly decider: LocalDecider,
    /** Whose reference data to decide on: the online provider's name. */
    private readonly provider: string,
    private readonly direction: Direction,
  ) {}

  check(scan: NormalisedScan): LocalAnswer {
    const local = this.decider.decide({
      provider: this.provider,
      token: scan.token,
      direction: this.direction,
      at: scan.receivedAt,
    });
    return {
      outcome: local.outcome,
      rawStatus: local.rule,
      reasonCode: local.reasonCode,
      reasonText: local.reasonText,
      rule: local.rule,
      ...(local.seat && { seat: local.seat }),
      ...(local.eventId && { eventId: local.eventId }),
      ...(local.ticketId && { ticketId: local.ticketId }),
      upload: this.decider.uploadContext(this.provider, local.eventId, scan.receivedAt),
    };
  }
}
