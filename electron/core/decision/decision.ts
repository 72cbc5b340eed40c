import type { DecisionMode, Outcome, SeatInfo } from '../../common/contract.js';
import type { ProviderDecision } from '../providers/provider.js';
import type { UploadContext } from '../offline/upload-context.js';

/** The kiosk's decision for one scan, whatever reached it. */
export interface Decision {
  outcome: Outcome;
  mode: DecisionMode;
  reasonCode: string;
  reasonText: string;
  /** The provider's raw status (kept for the journal and staff), when a provider answered. */
  rawStatus?: string;
  seat?: SeatInfo;
  eventName?: string;
  eventId?: string;
  /** The local rule that decided an offline scan. */
  rule?: string;
  /** The provider says this is a re-read of a scan it just saw (see ProviderDecision.serverReread). */
  serverReread?: boolean;
  /** Decided locally: what an upload of the scan will need, captured from the same synced data. */
  upload?: UploadContext;
  /** The provider's answer as given, when one decided (afterAdmit needs it). */
  provider?: ProviderDecision;
}
