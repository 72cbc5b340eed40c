import type { Outcome } from '../../common/contract.js';

/**
 * What the kiosk does to the physical gate once a decision is journaled. The turnstile relay driver lives
 * in native/ and arrives in a later issue; until then the kiosk runs with `NoGate`.
 */
export interface GateAction {
  act(outcome: Outcome, scanId: string): Promise<void>;
  close(): Promise<void>;
}

/** A pedestal with no relay attached: the decision is only shown. */
export class NoGate implements GateAction {
  async act(): Promise<void> {}
  async close(): Promise<void> {}
}
