import { useEffect } from 'react';

/**
 * Publishes `<html data-gatepost-ready="true">` while the patron screen can take scans: the one named
 * signal end-to-end tests (and anything else supervising the kiosk) wait on, instead of guessing at timing.
 */
export function useReadinessSignal(ready: boolean): void {
  useEffect(() => {
    const root = document.documentElement;
    if (ready) root.dataset.gatepostReady = 'true';
    else delete root.dataset.gatepostReady;
  }, [ready]);
}
