import { useEffect, useState } from 'react';
import type { GatepostApi, ScanDecided } from '../../../electron/common/contract';

export interface ShownDecision {
  decision: ScanDecided;
  /** Increments per received decision, so a repeat of the same scanId still counts as new. */
  seq: number;
}

/**
 * The decision on screen, if any. A new decision replaces the current one at once and restarts the hold;
 * after holdMs without one, the screen returns to idle.
 */
export function useShownDecision(api: GatepostApi, holdMs: number | undefined): ShownDecision | null {
  const [shown, setShown] = useState<ShownDecision | null>(null);

  useEffect(() => {
    let seq = 0;
    return api.onScanDecided((decision) => setShown({ decision, seq: ++seq }));
  }, [api]);

  useEffect(() => {
    if (!shown || holdMs === undefined) return;
    const timer = setTimeout(() => setShown(null), holdMs);
    return () => clearTimeout(timer);
  }, [shown, holdMs]);

  return shown;
}
