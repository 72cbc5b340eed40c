import type { Outcome } from '../../../common/contract.js';

/**
 * Entry V1 `status` → kiosk outcome. Only these two statuses are documented; anything else is a protocol
 * error rather than a guess, so a new server status can never open the gate by accident.
 */
export const ENTRY_V1_STATUS_TO_OUTCOME: Readonly<Record<string, Outcome>> = Object.freeze({
  Admit: 'admit',
  Stop: 'stop',
});

export function mapEntryV1Status(rawStatus: string): Outcome | undefined {
  // hasOwn: a status such as `toString` or `__proto__` must not find an inherited property.
  return Object.hasOwn(ENTRY_V1_STATUS_TO_OUTCOME, rawStatus)
    ? ENTRY_V1_STATUS_TO_OUTCOME[rawStatus]
    : undefined;
}
