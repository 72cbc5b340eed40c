import type { KioskStatus, ScanDecided } from '../../../electron/common/contract';

export type ScreenName = 'starting' | 'out-of-service' | 'idle' | 'admit' | 'stop' | 'see-staff';

/** Which screen the patron sees; the value is also published as the root's data-screen attribute. */
export function selectScreen(status: KioskStatus | null, decision: ScanDecided | null): ScreenName {
  // The core reports out-of-service only while scans cannot be decided (provider refused, gate fault).
  if (status?.outOfService) return 'out-of-service';
  if (!status?.ready) return 'starting';
  return decision ? decision.outcome : 'idle';
}
