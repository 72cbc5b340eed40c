import type { DecisionMode, Outcome, SeatInfo } from '../../common/contract.js';

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
}
